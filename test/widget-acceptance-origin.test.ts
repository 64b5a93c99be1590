/**
 * Issue 4 acceptance, in Chromium: a publishable key used from a website outside its allow-list is
 * refused — the socket handshake fails with `permission_error` and the widget says the chat is not
 * available on this site (launcher, panel and title still there, no greeting, nothing sent, no Retry
 * that cannot help; issue 13) — while the same page
 * with a key that allows the site works.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  answerQuestions,
  chat,
  messages,
  openChat,
  type TestWindow,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

describe('widget acceptance: the publishable key is bound to its origins', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });

  /** A page that records what the page's Socket.IO connection was told and every page error. */
  async function newPage(): Promise<{ page: Page; frames: string[]; errors: string[] }> {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    const frames: string[] = [];
    const errors: string[] = [];
    page.on('websocket', (socket) => {
      if (socket.url().includes('/socket.io/'))
        socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
    });
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, frames, errors };
  }

  it('the demo key on another website: handshake refused (permission_error), "not available on this site" shown', async () => {
    const demoKey = fixture.parley.running.demo.publishableKey as string;
    const keys = await (await fixture.parley.request('GET', '/v1/keys?limit=100')).json();
    const demoKeyRecord = keys.data.find((key: { app_id: string | null; allowed_origins: string[] }) =>
      key.allowed_origins.includes(fixture.parley.url),
    );
    expect(demoKeyRecord.allowed_origins).not.toContain(fixture.site.origin);

    const { page, frames, errors } = await newPage();
    await page.goto(await fixture.site.demo('/elsewhere', { key: demoKey }));
    await openChat(page);

    const banner = chat(page).locator('[part~="banner"]');
    await banner.getByText('The chat is not available on this site.').waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    await expect
      .poll(() => frames.find((frame) => frame.startsWith('44')))
      .toMatch(/^44\{.*"code":"permission_error"/);
    const refusal = JSON.parse((frames.find((frame) => frame.startsWith('44')) ?? '44{}').slice(2));
    expect(refusal.data).toMatchObject({ code: 'permission_error' });

    // A clear state, not a broken one: the title, no greeting or conversation, and no Retry (the
    // origin will not change by asking again).
    expect(await chat(page).locator('[part~="title"]').textContent()).toBe('Acme assistant');
    expect(await chat(page).getByRole('button', { name: 'Retry' }).count()).toBe(0);
    expect(await chat(page).locator('[part~="greeting"]').count()).toBe(0);
    expect(await chat(page).locator('[part~="starter"]').count()).toBe(0);
    // Nothing can be typed into a chat that will not take it.
    expect(await chat(page).locator('[part~="input"]').isDisabled()).toBe(true);
    expect(
      await page.evaluate(() =>
        (window as TestWindow).__parleyEvents?.some((event) => event.type === 'parley:ready'),
      ),
    ).toBe(false);
    expect(errors).toEqual([]);
  });

  it('the same page with a key that allows the website chats normally', async () => {
    const { page, errors } = await newPage();
    answerQuestions(fixture.parley, { 'Are you there?': { content: 'Yes, I am here.' } });
    await page.goto(await fixture.site.demo('/allowed'));
    await openChat(page);
    await waitForReady(page);
    await chat(page).locator('[part~="greeting"]').waitFor();
    await typeAndSend(page, 'Are you there?');
    expect(await waitForAnswer(page)).toBe('Yes, I am here.');
    expect(await messages(page).count()).toBe(2);
    expect(errors).toEqual([]);
  });
});
