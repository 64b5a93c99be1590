/**
 * Issue 11 acceptance, the inbox, in two browsers (real Chromium, real Socket.IO, real server): a
 * visitor on the demo page asks while a support agent watches the answer stream in the console;
 * the visitor asks for a person; the agent is notified, takes over, their typing reaches the
 * visitor, their reply too; they hand back, and the model's next request holds their reply.
 */
import { describe, expect, it } from 'vitest';
import { createOperator } from './support/console.js';
import {
  inbox,
  lastModelMessages,
  listItem,
  liveAnswer,
  openInbox,
  sendReply,
  takeOverAndReply,
  transcriptMessages,
} from './support/console-inbox.js';
import {
  answerQuestions,
  chat,
  gotoDemo,
  messages,
  openChat,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

describe('console inbox: a person takes over a widget conversation live', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });

  it('watches the answer stream, is notified, takes over, types, replies, hands back', async () => {
    const { parley } = fixture;
    const operator = await createOperator(parley, { role: 'agent', name: 'Maria Lopez' });
    const { page: console, notifications } = await openInbox(await fixture.newVisitor(), parley, operator);

    const answer = 'Shipping takes three to five working days, and we email you a tracking link.';
    answerQuestions(parley, {
      'How long does shipping take?': { content: answer, tokenDelayMs: 120 },
      'Where do I use the code?': { content: 'Use it at checkout.' },
    });
    const visitor = await (await fixture.newVisitor()).newPage();
    await gotoDemo(visitor, parley);
    await openChat(visitor);
    await waitForReady(visitor);
    await typeAndSend(visitor, 'How long does shipping take?');

    // The conversation comes into the list live; opened, its answer streams as the visitor sees it.
    await listItem(console, 'How long does shipping take?').click();
    await transcriptMessages(console, 'user').filter({ hasText: 'How long does shipping take?' }).waitFor();
    let partial = '';
    await expect
      .poll(async () => {
        partial =
          (await liveAnswer(console)
            .textContent({ timeout: 200 })
            .catch(() => '')) ?? '';
        return partial.length;
      })
      .toBeGreaterThan(0);
    // Opened while it was written: what streamed in is a piece of the answer, in order.
    expect(answer).toContain(partial.trim());
    await transcriptMessages(console, 'assistant').filter({ hasText: answer }).waitFor();
    expect(await waitForAnswer(visitor)).toContain('three to five working days');

    // The visitor asks for a person: the console is told (title badge, browser notification).
    await chat(visitor).getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => console.title()).toMatch(/^\(1\) /);
    await expect.poll(async () => (await notifications()).length).toBe(1);
    expect((await notifications())[0]?.title).toBe('A visitor asks for a person');
    await inbox(console).getByText('Needs a person').first().waitFor();
    // Nobody holds it yet: Take over is offered, Hand back is not (there is nothing to hand back).
    await console.getByRole('button', { name: 'Take over' }).waitFor();
    await expect(console.getByRole('button', { name: 'Hand back' }).count()).resolves.toBe(0);

    // Taken over: the visitor sees Maria typing, then her reply, live.
    const reply = 'Hi, Maria here: your refund code is R-2291.';
    await takeOverAndReply(console, reply);
    await chat(visitor).locator('.person-typing').filter({ hasText: 'Maria Lopez is typing…' }).waitFor();
    await expect.poll(() => console.title()).not.toMatch(/^\(/);
    await sendReply(console, reply);
    await messages(visitor, 'human_agent').filter({ hasText: 'R-2291' }).waitFor();
    await expect(messages(visitor, 'human_agent').first().textContent()).resolves.toContain('Maria Lopez');

    // Handed back: the bot answers the next question, and the model read Maria's reply.
    await console.getByRole('button', { name: 'Hand back' }).click();
    await console.getByRole('button', { name: 'Take over' }).waitFor();
    await typeAndSend(visitor, 'Where do I use the code?');
    expect(await waitForAnswer(visitor, 2)).toBe('Use it at checkout.');
    const sent = lastModelMessages(parley);
    expect(sent.some((message) => message.content.includes('R-2291'))).toBe(true);
    expect(sent.at(-1)).toEqual({ role: 'user', content: 'Where do I use the code?' });
  });
});
