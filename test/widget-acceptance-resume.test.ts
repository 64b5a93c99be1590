/**
 * Issue 4 acceptance, in Chromium on the demo page: an answer survives a reload in its middle, and a
 * message typed while offline is sent once when the connection is back — never a second model call.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type ModelGate, startModelGate } from './support/model-gate.js';
import {
  answerQuestions,
  answerText,
  chat,
  gotoDemo,
  messages,
  modelCallsFor,
  openChat,
  sessionHistory,
  storedThread,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

/** A long answer in numbered pieces, so any duplicated or missing piece shows in the text. */
function slowAnswer(label: string, pieces: number): { chunks: string[]; content: string } {
  const chunks = Array.from(
    { length: pieces },
    (_, index) => `${index === 0 ? '' : ' '}${label}${index + 1}`,
  );
  return { chunks, content: chunks.join('') };
}

/**
 * Waits, checking at every frame, until the last assistant bubble shows `full`; fails at once if
 * it ever shows anything that is not a beginning of `full` (a repeated or missing piece).
 */
async function watchAnswerGrowTo(page: Page, full: string): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const root = document.querySelector('parley-chat')?.shadowRoot;
      const answers = Array.from(root?.querySelectorAll('ol.list > li.message.assistant .bubble') ?? []);
      const shown = Array.from(answers.at(-1)?.childNodes ?? [])
        .filter(
          (node) => node instanceof Text || (node instanceof Element && !node.matches('.tool, .typing')),
        )
        .map((node) => node.textContent ?? '')
        .join('')
        .trim();
      if (!expected.startsWith(shown)) throw new Error(`The answer shows text that is not its own: ${shown}`);
      return shown === expected;
    },
    full,
    { polling: 'raf', timeout: 20_000 },
  );
}

describe('widget acceptance: resumable answers, offline and back', () => {
  let gate: ModelGate;
  let context: BrowserContext;
  let appId: string;

  // The model is reached through a gate, so an answer can be held in its middle for as long as needed.
  const fixture = useWidgetBrowser({
    parley: async () => {
      gate = await startModelGate();
      return { model: 'openai', environment: { OPENAI_BASE_URL: gate.url } };
    },
    onStarted: (parley) => {
      gate.forwardTo(parley.modelServer?.url ?? '');
      appId = parley.running.demo.appId;
    },
  });
  afterAll(async () => {
    await gate?.close();
  });

  async function newDemoPage(): Promise<Page> {
    context = await fixture.newVisitor();
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await openChat(page);
    await waitForReady(page);
    return page;
  }

  it('reload in the middle of an answer: the same answer completes, shown once, one model call', async () => {
    const page = await newDemoPage();
    const question = 'Tell me a long story about returns';
    const answer = slowAnswer('piece', 100);
    answerQuestions(fixture.parley, { [question]: { chunks: answer.chunks, tokenDelayMs: 40 } });
    // The model stops after ten pieces until released: the answer is certainly unfinished across the reload.
    const release = gate.hold(10);

    await typeAndSend(page, question);
    await expect.poll(() => answerText(page)).toContain('piece5');
    const beforeReload = await answerText(page);
    expect(answer.content.startsWith(beforeReload)).toBe(true);
    expect(beforeReload.length).toBeLessThan(answer.content.length);
    // The unfinished turn is kept in localStorage so the reloaded page can pick it up.
    expect((await storedThread(page, appId))?.pending).toHaveLength(1);

    await page.reload();
    await openChat(page);
    // The answer carries on after the reload (still incomplete when first seen again), then completes.
    await expect.poll(() => answerText(page)).not.toBe('');
    const afterReload = await answerText(page);
    expect(answer.content.startsWith(afterReload)).toBe(true);
    expect(afterReload.length).toBeLessThan(answer.content.length);
    release();
    await watchAnswerGrowTo(page, answer.content);
    await waitForAnswer(page);

    expect(await messages(page, 'user').count()).toBe(1);
    expect((await messages(page, 'user').textContent())?.trim()).toContain(question);
    expect(await messages(page, 'assistant').count()).toBe(1);
    expect(await answerText(page)).toBe(answer.content);
    expect(modelCallsFor(fixture.parley, question)).toBe(1);

    const stored = await storedThread(page, appId);
    expect(stored?.pending).toBeUndefined();
    const history = await sessionHistory(fixture.parley, appId, stored?.session_id ?? '');
    expect(history.map((message) => [message.role, message.content])).toEqual([
      ['user', question],
      ['assistant', answer.content],
    ]);

    // And once more: a reload after the end shows the same two messages from the history.
    await page.reload();
    await openChat(page);
    await waitForAnswer(page);
    expect(await messages(page).count()).toBe(2);
    expect(modelCallsFor(fixture.parley, question)).toBe(1);
  });

  it('a message typed offline waits ("Waiting to send"), then is sent once and answered once', async () => {
    const page = await newDemoPage();
    const question = 'Do you ship to Norway?';
    answerQuestions(fixture.parley, { [question]: { content: 'Yes, we ship to Norway in 3 to 5 days.' } });

    await context.setOffline(true);
    await chat(page).getByText('You are offline').waitFor();
    await typeAndSend(page, question);
    const pending = messages(page, 'user').first();
    await pending.getByText('Waiting to send').waitFor();
    expect(await pending.locator('.bubble').textContent()).toBe(question);
    expect(modelCallsFor(fixture.parley, question)).toBe(0);
    // It waits in the browser (kept in localStorage: a reload while offline would not lose it).
    expect((await storedThread(page, appId))?.pending).toHaveLength(1);

    await context.setOffline(false);
    expect(await waitForAnswer(page)).toBe('Yes, we ship to Norway in 3 to 5 days.');
    await pending.getByText('Waiting to send').waitFor({ state: 'detached' });
    expect(await chat(page).getByText('You are offline').count()).toBe(0);
    expect(await messages(page, 'user').count()).toBe(1);
    expect(await messages(page, 'assistant').count()).toBe(1);
    expect(modelCallsFor(fixture.parley, question)).toBe(1);

    const sessionId = (await storedThread(page, appId))?.session_id ?? '';
    const history = await sessionHistory(fixture.parley, appId, sessionId);
    expect(history.filter((message) => message.role === 'user').map((message) => message.content)).toEqual([
      question,
    ]);
    expect(history).toHaveLength(2);
  });

  it('the connection drops in the middle of an answer: back online, the answer completes once', async () => {
    const page = await newDemoPage();
    const question = 'Explain the warranty in detail';
    const answer = slowAnswer('part', 60);
    answerQuestions(fixture.parley, { [question]: { chunks: answer.chunks, tokenDelayMs: 40 } });

    await typeAndSend(page, question);
    await expect.poll(() => answerText(page)).toContain('part5');
    await context.setOffline(true);
    await chat(page).getByText('You are offline').waitFor();
    // Offline, the answer cannot grow: it is still unfinished when the connection comes back.
    expect((await answerText(page)).length).toBeLessThan(answer.content.length);
    await context.setOffline(false);

    await watchAnswerGrowTo(page, answer.content);
    await waitForAnswer(page);
    expect(await messages(page, 'user').count()).toBe(1);
    expect(await messages(page, 'assistant').count()).toBe(1);
    expect(modelCallsFor(fixture.parley, question)).toBe(1);
    const sessionId = (await storedThread(page, appId))?.session_id ?? '';
    const history = await sessionHistory(fixture.parley, appId, sessionId);
    expect(history.map((message) => [message.role, message.content])).toEqual([
      ['user', question],
      ['assistant', answer.content],
    ]);
  });
});
