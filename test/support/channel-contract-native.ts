import { expect, it } from 'vitest';
import type { ChannelDriver, ChannelPostSeen } from './channel-contract.js';

/** The demo return policy cited by document and page (acme-return-policy.pdf, page 3). */
const pageCitation = /acme-return-policy\.pdf.*p(age|\.)\s*\d/i;

interface StoredFeedback {
  rating: string;
  comment?: string | null;
}

/**
 * The contract's cases for what the platforms do natively in 2026: answers streamed as they are
 * written, their own thumbs (and comment box) stored as feedback, and the whole answer where the
 * platform does not stream. Run inside `runChannelContract`, on its driver.
 */
export function runNativeChannelCases(driverOf: () => ChannelDriver, nextConversation: () => string): void {
  const assistantMessages = async (driver: ChannelDriver, conversation: string) => {
    const sessionId = await driver.sessionOf(conversation);
    const history = await (
      await driver.parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}/history`)
    ).json();
    return (history.messages as { role: string; content: string; feedback?: StoredFeedback | null }[]).filter(
      (message) => message.role === 'assistant',
    );
  };

  /** A user asks about returns in a new conversation, opened as `mode`; the answer cites the policy's page. */
  const askAboutReturns = async (mode: 'streamed' | 'unstreamed') => {
    const driver = driverOf();
    const conversation = nextConversation();
    await driver.openConversation(conversation, mode);
    expect(
      await driver.sendUserMessage({
        conversation,
        user: 'U1',
        text: 'How long do I have to return a laptop?',
      }),
    ).toBeLessThan(300);
    const [answer] = (await driver.waitForPosts(conversation, 1)) as [ChannelPostSeen];
    expect(answer.text).toMatch(/45 days/i);
    expect(answer.sources.join('\n')).toMatch(pageCitation);
    return { driver, conversation, answer };
  };

  it('streams an answer where the platform streams: a status, growing updates in order, then the final post citing the page', async () => {
    const { driver, conversation, answer } = await askAboutReturns('streamed');
    expect(answer.nativeFeedback).toBeDefined();

    // Before the final post, the user saw what the agent did (a status of the document search),
    // then the answer grow: each update holds the one before, and more.
    const shown = driver.answerUpdates(conversation);
    const searching = shown.findIndex((update) => update.kind === 'status' && /search/i.test(update.text));
    expect(searching).toBeGreaterThanOrEqual(0);
    expect(searching).toBeLessThan(shown.findIndex((update) => update.kind === 'text'));
    const updates = shown.flatMap((update) => (update.kind === 'text' ? [update.text] : []));
    expect(updates.length).toBeGreaterThanOrEqual(2);
    for (const [index, text] of updates.entries()) {
      expect(text.trim()).not.toBe('');
      const next = updates[index + 1];
      if (next !== undefined) {
        expect(next).toContain(text.trim());
        expect(next.length).toBeGreaterThan(text.length);
      } else expect(answer.text).toContain(text.trim());
    }
    // The whole answer, as the session stored it, is what the user was shown last.
    const [stored] = await assistantMessages(driver, conversation);
    expect(stored?.content).toMatch(/45 days/i);
  });

  it('stores the platform’s own thumbs up and down (with the comment where there is a box) on the answer pressed', async () => {
    const driver = driverOf();
    const conversation = nextConversation();
    await driver.openConversation(conversation, 'streamed');
    await driver.sendUserMessage({ conversation, user: 'U1', text: 'Do you ship abroad?' });
    await driver.waitForPosts(conversation, 1);
    await driver.sendUserMessage({
      conversation,
      user: 'U1',
      text: 'How long do I have to return a laptop?',
    });
    const [first, second] = (await driver.waitForPosts(conversation, 2)) as [
      ChannelPostSeen,
      ChannelPostSeen,
    ];

    const comment = driver.nativeFeedbackTakesComment ? 'It did not say which countries.' : undefined;
    expect(await driver.pressNativeFeedback(conversation, 'U1', first, 'down', comment)).toBeLessThan(300);
    const praise = driver.nativeFeedbackTakesComment ? 'Clear, thank you.' : undefined;
    expect(await driver.pressNativeFeedback(conversation, 'U1', second, 'up', praise)).toBeLessThan(300);

    await expect
      .poll(async () =>
        (await assistantMessages(driver, conversation)).map((message) => ({
          rating: message.feedback?.rating ?? null,
          comment: message.feedback?.comment ?? null,
        })),
      )
      .toEqual([
        { rating: 'down', comment: comment ?? null },
        { rating: 'up', comment: praise ?? null },
      ]);
  });

  it('delivers the answer whole where the platform does not stream', async () => {
    const { driver, conversation, answer } = await askAboutReturns('unstreamed');
    expect(answer.buttons.map((button) => button.kind).sort()).toEqual([
      'escalate',
      'feedback_down',
      'feedback_up',
    ]);
    // One answer, stored once: nothing half-streamed is left beside it.
    const stored = await assistantMessages(driver, conversation);
    expect(stored).toHaveLength(1);
    expect(driver.posts(conversation)).toHaveLength(1);
  });
}
