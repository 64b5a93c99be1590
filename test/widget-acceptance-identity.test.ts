/**
 * Issue 13 acceptance (identity verification), in Chromium: a site passes `data-user-id` with
 * `data-user-hash` (HMAC-SHA256 of the id with the app's identity secret, made by its backend). A
 * forged hash gets no conversation and tells the site's owner, once, in the console; a verified
 * user's conversation follows them to another device (a second browser context, storage empty);
 * a user id made of markup stays text.
 */
import crypto from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerQuestions,
  chat,
  messages,
  openChat,
  sessionHistory,
  sessionRecord,
  storedThread,
  type TestWindow,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

const userHash = (secret: string, userId: string) =>
  crypto.createHmac('sha256', secret).update(userId).digest('hex');

const markupUserId = '<img src=x onerror="window.__pwned=1">';

describe('widget acceptance: verified users', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });
  let secret: string;
  let appId: string;

  beforeAll(async () => {
    appId = fixture.parley.running.demo.appId;
    const made = await fixture.parley.request('POST', `/v1/apps/${appId}/identity-secret`);
    secret = ((await made.json()) as { identity_secret: string }).identity_secret;
  });

  /** A visitor's page of the host site, with the warnings the widget wrote for the site's owner. */
  async function visit(context: BrowserContext, path: string, userId: string, hash: string) {
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' && message.text().startsWith('Parley')) warnings.push(message.text());
    });
    await page.goto(
      await fixture.site.demo(path, { script: { 'data-user-id': userId, 'data-user-hash': hash } }),
    );
    await openChat(page);
    return { page, warnings };
  }

  /** Reports any assignment to `window.__pwned` (what an injected payload would do). */
  async function watchForPwned(context: BrowserContext): Promise<string[]> {
    const attempts: string[] = [];
    await context.exposeBinding('__reportPwned', (_source, value: string) => void attempts.push(value));
    await context.addInitScript(() => {
      Object.defineProperty(window, '__pwned', {
        set: (value: unknown) => (window as TestWindow).__reportPwned?.(String(value)),
      });
    });
    return attempts;
  }

  const banner = (page: Page) => chat(page).locator('[part~="banner"]');

  it('a forged hash: "not available", nothing to type into, no session, one warning for the site owner', async () => {
    const context = await fixture.newVisitor();
    const { page, warnings } = await visit(
      context,
      '/forged',
      'user-mallory',
      userHash('a guess', 'user-mallory'),
    );
    await banner(page).getByText('The chat is not available on this site.').waitFor();
    expect(await chat(page).locator('[part~="input"]').isDisabled()).toBe(true);
    expect(await chat(page).getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await messages(page).count()).toBe(0);
    expect(await storedThread(page, appId)).toBeNull();
    await page.screenshot({ path: `${fixture.parley.dataDirectory}/identity-forged.png` });
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toBe(
      "Parley: the user hash does not verify for user id user-mallory; compute it with the app's identity secret.",
    );
  });

  it("a verified user's conversation follows them to another device, which continues it", async () => {
    answerQuestions(fixture.parley, {
      'Where is my order?': { content: 'Order 1042 ships tomorrow.' },
      'Thanks, and the refund?': { content: 'The refund is on its way.' },
    });
    const hash = userHash(secret, 'user-ada');
    const laptop = await fixture.newVisitor();
    const first = await visit(laptop, '/account', 'user-ada', hash);
    await waitForReady(first.page);
    await typeAndSend(first.page, 'Where is my order?');
    expect(await waitForAnswer(first.page)).toBe('Order 1042 ships tomorrow.');
    const sessionId = (await storedThread(first.page, appId))?.session_id as string;
    expect(await sessionRecord(fixture.parley, sessionId)).toMatchObject({
      user_id: 'user-ada',
      user_verified: true,
    });

    const phone = await fixture.newVisitor({ viewport: { width: 390, height: 844 } });
    const second = await visit(phone, '/account', 'user-ada', hash);
    await messages(second.page).nth(1).waitFor();
    expect(await messages(second.page).allTextContents()).toEqual([
      expect.stringContaining('Where is my order?'),
      expect.stringContaining('Order 1042 ships tomorrow.'),
    ]);
    await typeAndSend(second.page, 'Thanks, and the refund?');
    expect(await waitForAnswer(second.page, 2)).toBe('The refund is on its way.');
    await second.page.screenshot({ path: `${fixture.parley.dataDirectory}/identity-second-device.png` });
    expect((await storedThread(second.page, appId))?.session_id).toBe(sessionId);
    expect(
      (await sessionHistory(fixture.parley, appId, sessionId)).map((message) => message.content),
    ).toEqual([
      'Where is my order?',
      'Order 1042 ships tomorrow.',
      'Thanks, and the refund?',
      'The refund is on its way.',
    ]);
    expect(first.warnings).toEqual([]);
    expect(second.warnings).toEqual([]);
  });

  it('a user id made of markup stays text: in the warning, in the session, never run', async () => {
    const forgedContext = await fixture.newVisitor();
    const forgedAttempts = await watchForPwned(forgedContext);
    const forged = await visit(forgedContext, '/markup-forged', markupUserId, '00'.repeat(32));
    await banner(forged.page).getByText('The chat is not available on this site.').waitFor();
    await expect.poll(() => forged.warnings.length).toBe(1);
    expect(forged.warnings[0]).toContain(`for user id ${markupUserId};`);

    const context = await fixture.newVisitor();
    const attempts = await watchForPwned(context);
    answerQuestions(fixture.parley, {});
    const { page, warnings } = await visit(context, '/markup', markupUserId, userHash(secret, markupUserId));
    await waitForReady(page);
    await typeAndSend(page, 'Hello');
    expect(await waitForAnswer(page)).toBe('Echo: Hello');
    const sessionId = (await storedThread(page, appId))?.session_id as string;
    expect(await sessionRecord(fixture.parley, sessionId)).toMatchObject({
      user_id: markupUserId,
      user_verified: true,
    });
    const images = await page.evaluate(
      () =>
        document.querySelectorAll('img[src="x"]').length +
        (document.querySelector('parley-chat')?.shadowRoot?.querySelectorAll('img[src="x"]').length ?? 0),
    );
    expect(images).toBe(0);
    expect(warnings).toEqual([]);
    expect([...forgedAttempts, ...attempts]).toEqual([]);
  });
});
