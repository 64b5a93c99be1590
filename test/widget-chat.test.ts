import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  cspViolations,
  type HostSite,
  launchChromium,
  recordWidgetEvents,
  startHostSite,
  widgetEvents,
} from './support/browser.js';
import type { OpenAiTestServer } from './support/openai-server.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { startToolServer, type ToolServer } from './support/tool-server.js';

/** `window.Parley`, the widget's host API (typed in packages/widget, outside this program). */
type WithParley = { Parley?: { open(): void; close(): void; send(text: string): void; reset(): void } };

describe('the widget embedded in a website, in Chromium', () => {
  let parley: ParleyHarness;
  let model: OpenAiTestServer;
  let tools: ToolServer;
  let browser: Browser;
  /** A website on another origin than Parley, embedding the widget with its one script tag. */
  let shop: HostSite;
  let appId: string;
  let publishableKey: string;

  function shopPage(): string {
    return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Shop</title></head>
  <body>
    <h1>The shop</h1>
    <script src="${parley.url}/widget.js" data-app="${appId}" data-key="${publishableKey}"
      data-metadata='{"userProfile":{"name":"Ada"}}' data-title="Shop help" async></script>
  </body>
</html>`;
  }

  /** The shop's page, with a strict CSP: scripts and connections only from Parley, nothing inline. */
  function shopHeaders(): Record<string, string> {
    const server = new URL(parley.url);
    return {
      'content-security-policy': `default-src 'none'; script-src ${server.origin}; connect-src ${server.origin} ws://${server.host}; style-src 'self'; img-src 'self'`,
    };
  }

  async function openShop(options: { origin?: string; viewport?: { width: number; height: number } } = {}) {
    const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
    opened.push(context);
    await recordWidgetEvents(context);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${options.origin ?? shop.origin}/`);
    await page.waitForFunction(() => (window as unknown as WithParley).Parley !== undefined);
    return { context, page, errors };
  }

  async function openChat(page: Page) {
    await page.evaluate(() => (window as unknown as WithParley).Parley?.open());
    const chat = page.getByRole('dialog', { name: 'Shop help' });
    await chat.getByText('Hello Ada!').waitFor();
    return chat;
  }

  async function ask(page: Page, question: string) {
    await page.getByLabel('Your message').fill(question);
    await page.keyboard.press('Enter');
  }

  function sessionIdOf(page: Page): Promise<string> {
    return page.evaluate(
      (key) => JSON.parse(localStorage.getItem(key) ?? '{}').session_id,
      `parley:${appId}`,
    );
  }

  const completions = () =>
    model.requests.filter((request) => request.path.endsWith('/chat/completions')).length;

  beforeAll(async () => {
    parley = await startParleyHarness({ environment: { PARLEY_ALLOW_PRIVATE_URLS: '1' } });
    shop = await startHostSite(shopPage, shopHeaders);
    model = parley.modelServer as OpenAiTestServer;
    tools = await startToolServer();
    const agent = await (
      await parley.request('POST', '/v1/agents', {
        name: 'Shop helper',
        description: 'Helps shoppers',
        tools: [
          {
            type: 'http',
            name: 'check_stock',
            description: 'Checks what is in stock',
            parameters: { type: 'object', properties: {}, additionalProperties: false },
            url: `${tools.url}/slow`,
            method: 'GET',
          },
        ],
      })
    ).json();
    const app = await (
      await parley.request('POST', '/v1/apps', {
        name: 'Shop',
        agents: [agent.id],
        routing: 'first',
        greeting: 'Hello {{memory.sessionMeta.metadata.userProfile.name}}!',
        starter_prompts: ['Do you have it in stock?'],
      })
    ).json();
    appId = app.id;
    const key = await (
      await parley.request('POST', '/v1/keys', {
        name: 'shop',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: [shop.origin],
      })
    ).json();
    publishableKey = key.key;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await tools?.close();
    await shop?.close();
    await parley?.stop();
  });

  /** Every browser context a test opened, closed after it whatever happened. */
  const opened: BrowserContext[] = [];
  afterEach(async () => {
    for (const context of opened.splice(0)) await context.close();
  });

  it('loads cross-origin under a strict CSP and renders Markdown safely as it streams', async () => {
    const visit = await openShop();
    const { page } = visit;
    const chat = await openChat(page);
    expect(await chat.getByRole('button', { name: 'Do you have it in stock?' }).count()).toBe(1);
    model.enqueue({
      content: [
        'Here is **what I found**:',
        '',
        '- one',
        '- two',
        '',
        '| Size | Stock |',
        '|---|---:|',
        '| M | 3 |',
        '',
        '```',
        'npm install',
        '```',
        '',
        'See [the guide](https://example.com/guide) or [this](javascript:alert(1)).',
        '',
        'Also <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>',
      ].join('\n'),
      tokenDelayMs: 15,
    });
    await ask(page, 'Tell me everything');
    await chat.locator('[part~="message-assistant"][data-state="streaming"]').waitFor();
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });

    const bubble = chat.locator('[part~="message-assistant"] [part="bubble"]');
    expect(await bubble.locator('strong').textContent()).toBe('what I found');
    expect(await bubble.locator('li').allTextContents()).toEqual(['one', 'two']);
    expect(await bubble.locator('th').allTextContents()).toEqual(['Size', 'Stock']);
    expect(await bubble.locator('td').allTextContents()).toEqual(['M', '3']);
    expect(await bubble.locator('[part="code-block"]').textContent()).toBe('npm install');
    const links = bubble.getByRole('link');
    expect(await links.count()).toBe(1);
    expect(await links.textContent()).toBe('the guide');
    expect(await links.getAttribute('href')).toBe('https://example.com/guide');
    expect(await links.getAttribute('target')).toBe('_blank');
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer');
    const text = (await bubble.textContent()) ?? '';
    expect(text).toContain('or this.');
    expect(text).toContain('<img src=x onerror="window.__pwned=1">');
    expect(text).toContain('<script>window.__pwned=2</script>');
    expect(await bubble.locator('img, script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    const events = await widgetEvents(page);
    expect(events.map((event) => event.type)).toEqual([
      'parley:open',
      'parley:ready',
      'parley:message',
      'parley:message',
    ]);
    expect(events[2]?.detail).toEqual({ role: 'user', content: 'Tell me everything' });
    expect(events[3]?.detail).toMatchObject({ role: 'assistant', id: expect.stringMatching(/^msg_/) });
    expect(await cspViolations(page)).toEqual([]);
    expect(visit.errors, visit.errors.join('\n')).toEqual([]);
  });

  it('shows a running tool as a status chip until the answer comes', async () => {
    const visit = await openShop();
    const chat = await openChat(visit.page);
    model.enqueue({ toolCalls: [{ name: 'check_stock', arguments: '{}' }] }, { content: 'Yes, 3 left.' });
    await chat.getByRole('button', { name: 'Do you have it in stock?' }).click();
    const chip = chat.locator('[part="tool-status"]');
    await chip.waitFor();
    expect(await chip.textContent()).toBe('Running check stock…');
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await chip.count()).toBe(0);
    expect(await chat.locator('[part~="message-assistant"] [part="bubble"]').textContent()).toBe(
      'Yes, 3 left.',
    );
  });

  it('picks an answer up after a reload in the middle of it, answered once', async () => {
    const visit = await openShop();
    const { page } = visit;
    await openChat(page);
    const words = Array.from({ length: 24 }, (_, index) => `word${index + 1}`);
    const content = `${words.join(' ')}.`;
    model.enqueue({ content, tokenDelayMs: 150 });
    const before = completions();
    await ask(page, 'Say many words');
    await page.locator('[part~="message-assistant"][data-state="streaming"]').waitFor();
    await page.reload();
    await page.waitForFunction(() => (window as unknown as WithParley).Parley !== undefined);
    const chat = await openChat(page);
    const answers = chat.locator('[part~="message-assistant"]');
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await answers.count()).toBe(1);
    expect(await answers.locator('[part="bubble"]').textContent()).toBe(content);
    expect(await chat.locator('[part~="message-user"]').count()).toBe(1);
    expect(completions() - before).toBe(1);
    const history = await (
      await parley.request('GET', `/v1/apps/${appId}/sessions/${await sessionIdOf(page)}/history`)
    ).json();
    expect(history.messages.map((message: { content: string }) => message.content)).toEqual([
      'Say many words',
      content,
    ]);
  });

  it('rates answers, hands the chat to a person and shows their messages live, with an unread badge', async () => {
    const visit = await openShop();
    const { page } = visit;
    const chat = await openChat(page);
    model.enqueue({ content: 'Happy to help.' });
    await ask(page, 'Hi');
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    const helpful = chat.getByRole('button', { name: 'Helpful', exact: true });
    await helpful.click();
    await expect.poll(() => helpful.getAttribute('aria-pressed')).toBe('true');
    const sessionId = await sessionIdOf(page);
    await expect
      .poll(async () => {
        const history = await (
          await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)
        ).json();
        return history.messages[1]?.feedback?.rating;
      })
      .toBe('up');

    await chat.getByRole('button', { name: 'Talk to a person' }).click();
    const notice = chat.locator('[part="notice"]');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(
      'You asked for a person. Someone from the team will answer here.',
    );
    await expect
      .poll(async () => (await widgetEvents(page)).filter((event) => event.type === 'parley:escalated'))
      .toHaveLength(1);

    await chat.getByRole('button', { name: 'Close chat' }).click();
    await expect.poll(() => chat.isVisible()).toBe(false);
    const posted = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Sam here, how can I help?',
      author: 'Sam',
    });
    expect(posted.status).toBeLessThan(300);
    const launcher = page.getByRole('button', { name: 'Open chat, 1 unread' });
    await launcher.waitFor();
    await launcher.click();
    const human = chat.locator('[part~="message-human_agent"]');
    await human.waitFor();
    expect(await human.locator('[part="author"]').textContent()).toBe('Sam · Support agent');
    expect(await human.locator('[part="bubble"]').textContent()).toBe('Sam here, how can I help?');
    const launcherButton = page.locator('parley-launcher').getByRole('button');
    expect(await launcherButton.getAttribute('aria-label')).toBe('Close chat');
    expect(await launcherButton.getAttribute('aria-expanded')).toBe('true');
  });

  it('shows a failed answer with a retry that asks again', async () => {
    const visit = await openShop();
    const chat = await openChat(visit.page);
    model.enqueue(
      { error: { status: 400, message: 'The provider is unhappy' } },
      { content: 'Second try worked.' },
    );
    await ask(visit.page, 'Hello?');
    const failure = chat.getByRole('alert');
    await failure.waitFor({ timeout: 15_000 });
    await failure.getByRole('button', { name: 'Retry' }).click();
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await chat.locator('[part~="message-assistant"] [part="bubble"]').textContent()).toBe(
      'Second try worked.',
    );
    expect(await chat.locator('[part~="message-user"]').count()).toBe(1);
    expect(await chat.getByRole('alert').count()).toBe(0);
  });

  it('fills a phone screen', async () => {
    const visit = await openShop({ viewport: { width: 390, height: 844 } });
    await openChat(visit.page);
    const box = await visit.page.locator('parley-chat').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
  });

  it('says the chat is unavailable on a site its key does not allow', async () => {
    // The same site as http://localhost:PORT is another origin, not on the key's list.
    const visit = await openShop({ origin: `http://localhost:${shop.port}` });
    await visit.page.evaluate(() => (window as unknown as WithParley).Parley?.open());
    const refused = visit.page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('The chat is not available on this site.');
  });
});
