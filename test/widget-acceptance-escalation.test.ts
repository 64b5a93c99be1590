/**
 * Issue 13 acceptance (problem 2), in Chromium on the demo page: the widget knows the session was
 * handed to a person whatever started it (the visitor's words, the button, the API): "Talk to a
 * person" is hidden while a person answers, one notice line says so (no thumbs on it), the state
 * survives a reload, and the button comes back when the session is resolved.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  answerQuestions,
  chat,
  gotoDemo,
  messages,
  openChat,
  sessionRecord,
  storedThread,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

describe('widget acceptance: escalation, however it started', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });

  async function newDemoPage(): Promise<Page> {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    return page;
  }

  const talkButton = (page: Page) => chat(page).getByRole('button', { name: 'Talk to a person' });
  const thumbs = (page: Page) => chat(page).locator('[part~="feedback-button"]');

  async function sessionOf(page: Page): Promise<string> {
    const appId = fixture.parley.running.demo.appId;
    await expect.poll(async () => (await storedThread(page, appId))?.session_id).toMatch(/^sess_/);
    return (await storedThread(page, appId))?.session_id ?? '';
  }

  it('asking in words: the button goes, one notice line without thumbs, kept after a reload', async () => {
    const page = await newDemoPage();
    answerQuestions(fixture.parley, { 'Where is my parcel?': { content: 'Let me look.' } });
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'Where is my parcel?');
    await waitForAnswer(page);
    await talkButton(page).waitFor();
    expect(await thumbs(page).count()).toBe(2);

    await typeAndSend(page, 'agent please');
    const sessionId = await sessionOf(page);
    await expect.poll(async () => (await sessionRecord(fixture.parley, sessionId))?.escalated).toBe(true);
    await messages(page, 'notice').first().waitFor();
    await talkButton(page).waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    expect(await messages(page, 'notice').count()).toBe(1);
    // The first answer keeps its thumbs; the handoff line has none.
    expect(await thumbs(page).count()).toBe(2);
    expect(await messages(page, 'notice').locator('[part~="feedback-button"]').count()).toBe(0);

    await page.reload();
    await openChat(page);
    await waitForReady(page);
    await messages(page, 'notice').first().waitFor();
    expect(await messages(page, 'notice').count()).toBe(1);
    expect(await talkButton(page).count()).toBe(0);
    expect(await thumbs(page).count()).toBe(2);

    // The session is handed back: a line says so and the button returns.
    const appId = fixture.parley.running.demo.appId;
    const resolved = await fixture.parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${sessionId}/resolve`,
      {},
    );
    expect(resolved.status).toBe(200);
    await talkButton(page).waitFor();
    await expect.poll(() => messages(page, 'notice').count()).toBe(2);
  });

  it('the button, then words: still one notice; the API escalates live and resolves', async () => {
    const page = await newDemoPage();
    answerQuestions(fixture.parley, {});
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'Hello');
    await waitForAnswer(page);
    await talkButton(page).click();
    await messages(page, 'notice').first().waitFor();
    expect(await talkButton(page).count()).toBe(0);
    await typeAndSend(page, 'agent please');
    await expect.poll(() => messages(page, 'user').count()).toBe(2);
    await page.waitForTimeout(500);
    expect(await messages(page, 'notice').count()).toBe(1);

    // Resolved, then escalated again from the API (a helpdesk): live, one more notice, no button.
    const appId = fixture.parley.running.demo.appId;
    const sessionId = await sessionOf(page);
    await fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`, {});
    await talkButton(page).waitFor();
    const noticesBefore = await messages(page, 'notice').count();
    await fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/escalate`, {});
    await talkButton(page).waitFor({ state: 'detached' });
    await expect.poll(() => messages(page, 'notice').count()).toBe(noticesBefore + 1);
  });
});
