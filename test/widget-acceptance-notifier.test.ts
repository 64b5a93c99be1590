/**
 * Issue 13 acceptance ("never miss a reply"), in Chromium on a website of its own (two pages of one
 * site share the visitor's storage): while the chat is closed, or on another page, a person's reply
 * shows on the launcher (a badge whose name says who wrote), with its first words above it and the
 * count in the tab's title, without the chat being loaded: the loader imports `widget/notify.js`
 * only while the stored session is escalated, which listens to one `EventSource`. Opening the chat
 * clears it all and closes the stream. Screenshots: `docs/screenshots/widget-reply-*.png`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './support/axe.js';
import {
  answerQuestions,
  chat,
  launcher,
  messages,
  openChat,
  storedThread,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

/** Kept with the run, as the console's (the README shows the first). */
const screenshots = path.resolve(fileURLToPath(import.meta.url), '../../docs/screenshots');

type NotifierWindow = Window & {
  __eventSources?: EventSource[];
  __beeps?: number;
};

/** Keeps every `EventSource` the page opens, and counts the tones WebAudio starts. */
async function watchTransports(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: EventSource[] = [];
    const notifierWindow = window as NotifierWindow;
    notifierWindow.__eventSources = seen;
    notifierWindow.__beeps = 0;
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        seen.push(this);
      }
    };
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, when?: number) {
      notifierWindow.__beeps = (notifierWindow.__beeps ?? 0) + 1;
      return start.call(this, when);
    };
  });
}

/** Every request of the page, by path. */
function recordRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request: Request) => paths.push(new URL(request.url()).pathname));
  return paths;
}

const preview = (page: Page) => page.locator('[data-parley-preview]').locator('[part="preview"]');
const badge = (page: Page) => page.locator('parley-launcher').locator('[part="badge"]');
const openSources = (page: Page) =>
  page.evaluate(() =>
    ((window as NotifierWindow).__eventSources ?? []).map((source) => ({
      url: source.url,
      // Connected: the server follows the session from then on.
      open: source.readyState === EventSource.OPEN,
    })),
  );

describe('widget acceptance: a reply while the chat is closed', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });
  let appId: string;
  let shop: string;
  let checkout: string;
  let soundShop: string;

  beforeAll(async () => {
    appId = fixture.parley.running.demo.appId;
    shop = await fixture.site.demo('/shop');
    checkout = await fixture.site.demo('/shop/checkout');
    soundShop = await fixture.site.demo('/shop/sound', { script: { 'data-sound': '' } });
    answerQuestions(fixture.parley, {});
  });

  async function newPage(): Promise<Page> {
    const context = await fixture.newVisitor();
    await watchTransports(context);
    return context.newPage();
  }

  /** The visitor writes, asks for a person, and closes the chat: returns the session's id. */
  async function escalateAndClose(page: Page, url = shop): Promise<string> {
    await page.goto(url);
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'My parcel has not arrived');
    await waitForAnswer(page);
    await chat(page).getByRole('button', { name: 'Talk to a person' }).click();
    await messages(page, 'notice').first().waitFor();
    await expect
      .poll(async () => (await storedThread(page, appId)) as { escalated?: boolean })
      .toMatchObject({
        escalated: true,
      });
    await chat(page).getByRole('button', { name: 'Close chat' }).click();
    return (await storedThread(page, appId))?.session_id ?? '';
  }

  async function reply(sessionId: string, content: string, author = 'Dana'): Promise<void> {
    const posted = await fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content,
      author,
    });
    expect(posted.status).toBe(201);
  }

  it('on another page of the site: badge, preview and title from one EventSource, without loading the chat', async () => {
    const page = await newPage();
    const sessionId = await escalateAndClose(page);
    const requests = recordRequests(page);
    await page.goto(checkout);
    const title = await page.title();
    await expect.poll(async () => (await openSources(page)).filter((source) => source.open).length).toBe(1);
    expect((await openSources(page))[0]?.url).toContain(
      `/v1/apps/${appId}/sessions/${sessionId}/notifications`,
    );

    await reply(sessionId, 'Hi, Dana here. Your parcel left our warehouse this morning.');
    await expect.poll(() => badge(page).textContent()).toBe('1');
    await expect.poll(() => preview(page).textContent()).toContain('Your parcel left our warehouse');
    expect(await preview(page).locator('strong').textContent()).toBe('Dana');
    // It rises into place (not under prefers-reduced-motion: below).
    expect(await preview(page).evaluate((element) => getComputedStyle(element).animationName)).toBe('rise');
    expect(await page.title()).toBe(`(1) ${title}`);
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 1 unread message from Dana');
    // The chat itself was never loaded on this page; the notifier was.
    expect(requests).toContain('/widget/notify.js');
    expect(requests).not.toContain('/widget/parley-chat.js');
    expect(await page.locator('parley-chat').count()).toBe(0);

    const axe = await runAxe(page, [['parley-launcher'], ['[data-parley-preview]']]);
    expect(axe.violations, describeViolations(axe.violations)).toEqual([]);
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'widget-reply-preview.png') });
  });

  it('still signalled on the next page, counting on; opening the chat clears it and closes the stream', async () => {
    const page = await newPage();
    const sessionId = await escalateAndClose(page);
    await page.goto(checkout);
    await expect.poll(async () => (await openSources(page)).filter((source) => source.open).length).toBe(1);
    // The visitor leaves the site; a reply written meanwhile is signalled when they come back.
    await page.goto('about:blank');
    await reply(sessionId, 'First reply.');
    await page.goto(checkout);
    await expect.poll(() => badge(page).textContent()).toBe('1');
    const title = (await page.title()).replace(/^\(1\) /, '');

    // A new page load, same storage: the unread reply is still shown; the next one adds to it.
    await page.goto(shop);
    await expect.poll(() => badge(page).textContent()).toBe('1');
    expect(await preview(page).textContent()).toContain('First reply.');
    await expect.poll(async () => (await openSources(page)).filter((source) => source.open).length).toBe(1);
    await reply(sessionId, 'Second reply: anything else?');
    await expect.poll(() => badge(page).textContent()).toBe('2');
    await expect.poll(() => preview(page).textContent()).toContain('Second reply');
    expect(await page.title()).toBe(`(2) ${title}`);
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 2 unread messages from Dana');

    // A reply written while the visitor is between pages (no page of the site open) counts too.
    await page.goto('about:blank');
    await reply(sessionId, 'Third reply, while you were away.');
    await page.goto(checkout);
    await expect.poll(() => badge(page).textContent()).toBe('3');
    expect(await preview(page).textContent()).toContain('Third reply');
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 3 unread messages from Dana');

    await openChat(page);
    await messages(page, 'human_agent').nth(2).waitFor();
    await expect.poll(() => badge(page).isHidden()).toBe(true);
    expect(await page.locator('[data-parley-preview]').count()).toBe(0);
    expect(await page.title()).toBe(title);
    expect((await openSources(page)).every((source) => !source.open)).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'widget-reply-read.png') });

    // Read: the next page shows nothing unread.
    await chat(page).getByRole('button', { name: 'Close chat' }).click();
    await page.goto(checkout);
    await expect.poll(async () => (await openSources(page)).length).toBe(1);
    expect(await badge(page).isHidden()).toBe(true);
    expect(await page.title()).toBe(title);
  });

  it('on the same page, the chat closed: the chat’s own socket carries the reply (no EventSource); with data-sound, a beep', async () => {
    const page = await newPage();
    const sessionId = await escalateAndClose(page, soundShop);
    const title = await page.title();
    // The chat closed: the loader has imported the notifier, which listens to the chat.
    await page.locator('[data-parley-preview]').waitFor({ state: 'attached' });
    await reply(sessionId, 'Are you still there?', 'Sam');
    await expect.poll(() => preview(page).textContent()).toContain('Are you still there?');
    expect(await badge(page).textContent()).toBe('1');
    expect(await page.title()).toBe(`(1) ${title}`);
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 1 unread message from Sam');
    expect(await openSources(page)).toEqual([]);
    await expect.poll(() => page.evaluate(() => (window as NotifierWindow).__beeps)).toBe(1);
  });

  it("in the visitor's language, and without motion under prefers-reduced-motion", async () => {
    const context = await fixture.newVisitor({ locale: 'fr-FR', reducedMotion: 'reduce' });
    await watchTransports(context);
    const page = await context.newPage();
    // A session this site's key opened and a person took, as the chat would have stored it.
    const visitor = { authorization: `Bearer ${fixture.site.key}`, origin: fixture.site.origin };
    const created = await fixture.parley.request('POST', `/v1/apps/${appId}/sessions`, {}, visitor);
    const sessionId = ((await created.json()) as { session_id: string }).session_id;
    const escalated = await fixture.parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/escalate`,
      {},
      visitor,
    );
    expect(escalated.status).toBe(200);
    await page.goto(shop);
    await page.evaluate(
      ([name, value]) => localStorage.setItem(name as string, value as string),
      [`parley:${appId}`, JSON.stringify({ session_id: sessionId, escalated: true })],
    );
    await page.goto(checkout);
    await expect.poll(async () => (await openSources(page)).filter((source) => source.open).length).toBe(1);
    await reply(sessionId, 'Bonjour, ici Dana.');
    await expect
      .poll(() => launcher(page).getAttribute('aria-label'))
      .toBe('Ouvrir le chat, 1 message non lu de Dana');
    expect(await page.locator('parley-launcher').getAttribute('lang')).toBe('fr');
    expect(await preview(page).evaluate((element) => getComputedStyle(element).animationName)).toBe('none');
    const axe = await runAxe(page, [['parley-launcher'], ['[data-parley-preview]']]);
    expect(axe.violations, describeViolations(axe.violations)).toEqual([]);
  });

  it('no EventSource, and no notifier, while the session is not escalated; none either once it is resolved', async () => {
    const page = await newPage();
    await page.goto(shop);
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'Just browsing');
    await waitForAnswer(page);
    await chat(page).getByRole('button', { name: 'Close chat' }).click();
    const requests = recordRequests(page);
    await page.goto(checkout);
    await launcher(page).waitFor();
    await page.waitForLoadState('networkidle');
    expect(requests.filter((path) => path.includes('/notifications') || path.includes('notify'))).toEqual([]);
    expect(await openSources(page)).toEqual([]);

    // Escalated, then handed back while the visitor is elsewhere: the stream says so once, and stops.
    const sessionId = await escalateAndClose(page);
    await page.goto(checkout);
    await expect.poll(async () => (await openSources(page)).length).toBe(1);
    const resolved = await fixture.parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/resolve`,
      {},
    );
    expect(resolved.status).toBe(200);
    await expect
      .poll(async () => ((await storedThread(page, appId)) as { escalated?: boolean }).escalated)
      .toBe(undefined);
    expect((await openSources(page)).every((source) => !source.open)).toBe(true);
    const later = recordRequests(page);
    await page.goto(shop);
    await launcher(page).waitFor();
    await page.waitForLoadState('networkidle');
    expect(later.filter((path) => path.includes('/notifications'))).toEqual([]);
  });
});
