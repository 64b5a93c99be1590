/**
 * Issue 4 acceptance, in Chromium on the demo page: the host page drives the widget through
 * `window.Parley` and hears its DOM events; the unread badge counts answers and a person's messages
 * that arrive while the chat is closed; "Talk to a person" hands the session over, a person's
 * messages arrive live with their name, and a thumbs-up is stored with the answer.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerQuestions,
  bubble,
  chat,
  gotoDemo,
  launcher,
  messages,
  modelCallsFor,
  openChat,
  panel,
  type RecordedParleyEvent,
  sessionHistory,
  sessionMetadata,
  sessionRecord,
  storedThread,
  type TestWindow,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

function parleyEvents(page: Page, type?: string): Promise<RecordedParleyEvent[]> {
  return page.evaluate(
    (wanted) =>
      ((window as TestWindow).__parleyEvents ?? []).filter((event) => !wanted || event.type === wanted),
    type,
  );
}

/** Calls `window.Parley.<method>(…args)` in the page. */
function callParley(page: Page, method: 'open' | 'close' | 'toggle' | 'reset'): Promise<void>;
function callParley(page: Page, method: 'send', text: string): Promise<void>;
function callParley(page: Page, method: 'setMetadata', metadata: Record<string, unknown>): Promise<void>;
function callParley(page: Page, method: string, argument?: unknown): Promise<void> {
  return page.evaluate(
    ([name, value]) => {
      const api = (window as TestWindow).Parley as unknown as Record<string, (value?: unknown) => void>;
      api[name as string]?.(value);
    },
    [method, argument] as const,
  );
}

describe('widget acceptance: host-page API, events, unread badge, a person, feedback', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });
  let appId: string;

  beforeAll(async () => {
    appId = fixture.parley.running.demo.appId;
  });

  async function newDemoPage(): Promise<Page> {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await launcher(page).waitFor();
    return page;
  }

  it('Parley.open/close/toggle/send/setMetadata/reset work and parley:* events reach window and document', async () => {
    const page = await newDemoPage();
    answerQuestions(fixture.parley, {
      'What is my plan?': { content: 'You are on the gold plan, Ada.' },
      'Anything new?': { content: 'Yes: free returns this week.', firstTokenDelayMs: 300 },
    });
    expect(await page.evaluate(() => typeof (window as TestWindow).Parley?.version)).toBe('string');

    await callParley(page, 'open');
    await panel(page).waitFor();
    await waitForReady(page);
    expect((await parleyEvents(page, 'parley:open')).map((event) => event.on).sort()).toEqual([
      'document',
      'window',
    ]);
    await callParley(page, 'close');
    await panel(page).waitFor({ state: 'hidden' });
    expect((await parleyEvents(page, 'parley:close')).length).toBe(2);
    await callParley(page, 'toggle');
    await panel(page).waitFor();
    await callParley(page, 'toggle');
    await panel(page).waitFor({ state: 'hidden' });
    await callParley(page, 'toggle');
    await panel(page).waitFor();

    // setMetadata: the greeting is rendered with it at once, and the session gets it.
    await callParley(page, 'setMetadata', { userProfile: { name: 'Ada' }, plan: 'gold' });
    await expect.poll(() => chat(page).locator('[part~="greeting"]').textContent()).toContain('Hi Ada');
    await callParley(page, 'send', 'What is my plan?');
    expect(await waitForAnswer(page)).toBe('You are on the gold plan, Ada.');
    const firstSession = (await storedThread(page, appId))?.session_id ?? '';
    expect(firstSession).toMatch(/^sess_/);
    expect(await sessionMetadata(fixture.parley, firstSession)).toMatchObject({
      userProfile: { name: 'Ada' },
      plan: 'gold',
    });
    const said = (await parleyEvents(page, 'parley:message')).filter((event) => event.on === 'window');
    expect(said.map((event) => [event.detail.role, event.detail.content])).toEqual([
      ['user', 'What is my plan?'],
      ['assistant', 'You are on the gold plan, Ada.'],
    ]);
    expect(said[1]?.detail.id).toMatch(/^msg_/);

    // An answer that arrives while the chat is closed: the launcher shows it as unread.
    await page.evaluate(() => {
      const parleyApi = (window as TestWindow).Parley;
      parleyApi?.send('Anything new?');
      parleyApi?.close();
    });
    await panel(page).waitFor({ state: 'hidden' });
    const badge = page.locator('parley-launcher').locator('[part~="badge"]');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1');
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 1 unread');
    await launcher(page).click();
    await panel(page).waitFor();
    await badge.waitFor({ state: 'hidden' });
    expect(await launcher(page).getAttribute('aria-label')).toBe('Close chat');
    expect(await waitForAnswer(page, 2)).toBe('Yes: free returns this week.');

    // The first user was handed to a person; the person answers after that user logged out.
    await fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${firstSession}/escalate`, {});

    // reset: the conversation is gone from the page and from storage; the next message opens a new session.
    await callParley(page, 'reset');
    await expect.poll(() => messages(page).count()).toBe(0);
    expect(await storedThread(page, appId)).toBeNull();
    await fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${firstSession}/messages`, {
      role: 'human_agent',
      content: 'Your refund for the first user is on its way',
      author: 'Sam',
    });
    await callParley(page, 'send', 'Hello again');
    expect(await waitForAnswer(page)).toBe('Echo: Hello again');
    expect(await messages(page).count()).toBe(2);
    const secondSession = (await storedThread(page, appId))?.session_id ?? '';
    expect(secondSession).toMatch(/^sess_/);
    expect(secondSession).not.toBe(firstSession);
    // The person's message went to the first session only: the next user of this page never saw it.
    expect((await sessionHistory(fixture.parley, appId, firstSession)).at(-1)?.content).toBe(
      'Your refund for the first user is on its way',
    );
    expect(await panel(page).textContent()).not.toContain('refund');
    // After a reload only the new conversation comes back.
    await page.reload();
    await openChat(page);
    await waitForAnswer(page);
    expect(await messages(page).allTextContents()).toEqual([
      expect.stringContaining('Hello again'),
      expect.stringContaining('Echo: Hello again'),
    ]);
  });

  it('"Talk to a person" escalates; a person\'s messages arrive live with their name; thumbs up is stored', async () => {
    const page = await newDemoPage();
    answerQuestions(fixture.parley, { 'My order is late': { content: 'Sorry to hear that. Let me check.' } });
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'My order is late');
    await waitForAnswer(page);
    const sessionId = (await storedThread(page, appId))?.session_id ?? '';

    // Thumbs up: pressed, and stored with that message.
    const answer = messages(page, 'assistant').first();
    await answer.getByRole('button', { name: 'Helpful', exact: true }).click();
    await expect
      .poll(() => answer.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'))
      .toBe('true');
    await expect
      .poll(async () => (await sessionHistory(fixture.parley, appId, sessionId)).at(-1)?.feedback?.rating)
      .toBe('up');

    // Talk to a person.
    await chat(page).getByRole('button', { name: 'Talk to a person' }).click();
    await messages(page, 'notice').getByText('You asked for a person').waitFor();
    await expect.poll(async () => (await sessionRecord(fixture.parley, sessionId))?.escalated).toBe(true);
    const escalated = await parleyEvents(page, 'parley:escalated');
    expect(escalated.map((event) => event.on).sort()).toEqual(['document', 'window']);
    expect(escalated[0]?.detail.session_id).toBe(sessionId);
    expect(await chat(page).getByRole('button', { name: 'Talk to a person' }).count()).toBe(0);

    // A person answers through the API: shown live, as a person, with their name.
    const post = (content: string) =>
      fixture.parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
        role: 'human_agent',
        content,
        author: 'Sam',
      });
    expect((await post('Hi, this is Sam from the shop. Which order is it?')).status).toBe(201);
    const human = messages(page, 'human_agent').first();
    await human.waitFor();
    expect(await human.locator('[part~="author"]').textContent()).toBe('Sam · Support agent');
    expect(await bubble(human).textContent()).toBe('Hi, this is Sam from the shop. Which order is it?');
    const fromPerson = (await parleyEvents(page, 'parley:message')).filter(
      (event) => event.on === 'window' && event.detail.role === 'human_agent',
    );
    expect(fromPerson.map((event) => [event.detail.author, event.detail.content])).toEqual([
      ['Sam', 'Hi, this is Sam from the shop. Which order is it?'],
    ]);

    // While a person answers, the model stays quiet: no empty answer bubble either.
    await typeAndSend(page, 'Order 12345');
    await expect.poll(() => messages(page, 'user').count()).toBe(2);
    // The turn is over once nothing waits in storage.
    await expect.poll(async () => (await storedThread(page, appId))?.pending).toBeUndefined();
    expect(modelCallsFor(fixture.parley, 'Order 12345')).toBe(0);
    expect(await messages(page, 'assistant').count()).toBe(1);
    expect(
      (await sessionHistory(fixture.parley, appId, sessionId)).map((message) => message.content),
    ).toContain('Order 12345');

    // A person's message while the chat is closed: the launcher counts it.
    await chat(page).getByRole('button', { name: 'Close chat' }).click();
    await panel(page).waitFor({ state: 'hidden' });
    expect((await post('Found it: it ships tomorrow.')).status).toBe(201);
    const badge = page.locator('parley-launcher').locator('[part~="badge"]');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1');
    await launcher(page).click();
    await messages(page, 'human_agent').nth(1).waitFor();
    expect(await bubble(messages(page, 'human_agent').nth(1)).textContent()).toBe(
      'Found it: it ships tomorrow.',
    );

    // A reload brings everything back, the thumbs up included.
    await page.reload();
    await openChat(page);
    await messages(page, 'human_agent').nth(1).waitFor();
    expect(await messages(page, 'user').count()).toBe(2);
    // Every answer shown has text: the silent turn while a person answered left no empty bubble.
    const answers = await messages(page, 'assistant').locator('[part~="bubble"]').allTextContents();
    expect(answers.length).toBe(await messages(page, 'assistant').count());
    expect(answers.every((text) => text.trim() !== '')).toBe(true);
    expect(answers[0]?.trim()).toBe('Sorry to hear that. Let me check.');
    expect(
      await messages(page, 'assistant')
        .first()
        .getByRole('button', { name: 'Helpful', exact: true })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    expect(await messages(page, 'human_agent').first().locator('[part~="author"]').textContent()).toBe(
      'Sam · Support agent',
    );
  });
});
