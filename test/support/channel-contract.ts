import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNativeChannelCases } from './channel-contract-native.js';
import type { ParleyHarness } from './parley-harness.js';
import { startAppWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** A button the connector put under an answer, as the platform would send its press back. */
export interface ChannelButton {
  kind: 'feedback_up' | 'feedback_down' | 'escalate';
  /** Whatever the driver needs to press it (Slack action payload, Teams card action). */
  reference: unknown;
}

/** What a user sees in a conversation, once the connector has finished writing it. */
export interface ChannelPostSeen {
  /** The visible text of the message (after its last update). */
  text: string;
  /** The sources shown under an answer, as text (document name and page), in order. */
  sources: string[];
  buttons: ChannelButton[];
  /**
   * The platform's own thumbs up/down under the post (Slack's `feedback_buttons`, Teams' feedback
   * loop), as the driver needs it to press them; absent when the platform shows none.
   */
  nativeFeedback?: unknown;
}

/**
 * Where a conversation is had, chosen before its first message: `streamed` — where the platform
 * streams answers natively (Slack's assistant thread in the split pane, a Teams personal chat);
 * `unstreamed` — where it does not (Slack refusing `chat.startStream` in the workspace, a Teams
 * group chat, where bots do not stream).
 */
export type ChannelPlace = 'streamed' | 'unstreamed';

/** One update of an answer being written: a status line of what the agent does, or the text so far. */
export interface ChannelAnswerUpdate {
  kind: 'status' | 'text';
  text: string;
}

/**
 * Drives one chat platform against a running Parley, the way the platform itself
 * would: real signed (or authenticated) requests in, recorded API calls out.
 */
export interface ChannelDriver {
  /** `slack` or `msteams`: the session metadata's `channel`. */
  channel: string;
  parley: ParleyHarness;
  /** The Parley app the connector serves. */
  appId: string;
  /**
   * A user writes in a conversation (a DM, a thread). `deliveryId` is the platform's id of
   * this delivery (sent again as a retry when repeated). Resolves with the HTTP status.
   */
  sendUserMessage(input: {
    conversation: string;
    user: string;
    text: string;
    deliveryId?: string;
    retry?: boolean;
  }): Promise<number>;
  /** Waits until `count` finished posts are in the conversation; returns them all, oldest first. */
  waitForPosts(conversation: string, count: number): Promise<ChannelPostSeen[]>;
  /** Every finished post so far (no waiting). */
  posts(conversation: string): ChannelPostSeen[];
  /** Presses a button as `user` would. Resolves with the HTTP status. */
  press(conversation: string, user: string, button: ChannelButton): Promise<number>;
  /** Opens `conversation` in a `place` (before its first message); without it, the driver's usual place. */
  openConversation(conversation: string, place: ChannelPlace, user?: string): Promise<void>;
  /**
   * What the user saw of the conversation's latest answer before it was finished, update by update,
   * in the order the platform shows them: status lines ("Searching the documents…") and its text so far.
   */
  answerUpdates(conversation: string): ChannelAnswerUpdate[];
  /** Whether the platform's own feedback has a comment box (Teams: yes; Slack's `feedback_buttons`: no). */
  nativeFeedbackTakesComment: boolean;
  /** Presses the platform's own thumbs under `post` as `user`, with `comment` where there is a box. Resolves with the HTTP status. */
  pressNativeFeedback(
    conversation: string,
    user: string,
    post: ChannelPostSeen,
    rating: 'up' | 'down',
    comment?: string,
  ): Promise<number>;
  /** The session the connector keeps for the conversation. */
  sessionOf(conversation: string): Promise<string>;
  stop(): Promise<void>;
}

export interface ChannelContractOptions {
  /**
   * Starts Parley (offline model, demo app) with the connector on, and a driver for it. Its answers
   * must take long enough (`PARLEY_OFFLINE_TOKEN_DELAY_MS`) for the platform to show them growing.
   */
  start(): Promise<ChannelDriver>;
}

const webhookSecret = 'whsec_channel_contract';

/** The behaviour every chat connector owes its users, run once per platform. */
export function runChannelContract(name: string, options: ChannelContractOptions): void {
  describe(`${name} channel contract`, () => {
    let driver: ChannelDriver;
    let receiver: WebhookReceiver;
    let counter = 0;
    const nextConversation = () => `conversation-${++counter}`;

    beforeAll(async () => {
      driver = await options.start();
      receiver = await startAppWebhookReceiver(driver.parley, driver.appId, webhookSecret);
    });
    afterAll(async () => {
      await driver?.stop();
      await receiver?.close();
    });

    it('answers a message in its conversation, citing the document page it used', async () => {
      const conversation = nextConversation();
      expect(
        await driver.sendUserMessage({
          conversation,
          user: 'U1',
          text: 'How long do I have to return a laptop?',
        }),
      ).toBeLessThan(300);
      const [answer] = await driver.waitForPosts(conversation, 1);
      // The demo return policy (acme-return-policy.pdf, page 3): laptops within 45 days.
      expect(answer?.text).toMatch(/45 days/i);
      expect(answer?.sources.join('\n')).toMatch(/acme-return-policy\.pdf.*p(age|\.)\s*\d/i);
      expect(answer?.buttons.map((button) => button.kind).sort()).toEqual([
        'escalate',
        'feedback_down',
        'feedback_up',
      ]);
    });

    it('keeps one session per conversation, with the channel facts in its metadata', async () => {
      const first = nextConversation();
      const second = nextConversation();
      await driver.sendUserMessage({ conversation: first, user: 'U1', text: 'Do you ship abroad?' });
      await driver.waitForPosts(first, 1);
      await driver.sendUserMessage({ conversation: first, user: 'U1', text: 'And what about warranty?' });
      await driver.waitForPosts(first, 2);
      await driver.sendUserMessage({ conversation: second, user: 'U2', text: 'Do you ship abroad?' });
      await driver.waitForPosts(second, 1);

      const sessionId = await driver.sessionOf(first);
      expect(await driver.sessionOf(second)).not.toBe(sessionId);
      const history = await (
        await driver.parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}/history`)
      ).json();
      expect(history.messages.map((message: { role: string }) => message.role)).toEqual([
        'user',
        'assistant',
        'user',
        'assistant',
      ]);
      const store = driver.parley.running.store;
      const record = await store.get('sessions', sessionId);
      expect((await store.get('session_metadata', sessionId))?.metadata.channel).toBe(driver.channel);
      expect(record?.user_id).toBe('U1');
      // No publishable key opened it: a key of the app's website cannot read it by id.
      const siteKey = await (
        await driver.parley.request('POST', '/v1/keys', {
          name: 'site',
          kind: 'publishable',
          app_id: driver.appId,
          allowed_origins: ['*'],
        })
      ).json();
      const refused = await driver.parley.request(
        'GET',
        `/v1/apps/${driver.appId}/sessions/${sessionId}/history`,
        undefined,
        { authorization: `Bearer ${siteKey.key}` },
      );
      expect(refused.status).toBe(404);
    });

    it('answers a delivery the platform sends again only once', async () => {
      const conversation = nextConversation();
      const deliveryId = `delivery-${conversation}`;
      await driver.sendUserMessage({ conversation, user: 'U1', text: 'Do you ship abroad?', deliveryId });
      await driver.waitForPosts(conversation, 1);
      expect(
        await driver.sendUserMessage({
          conversation,
          user: 'U1',
          text: 'Do you ship abroad?',
          deliveryId,
          retry: true,
        }),
      ).toBeLessThan(300);
      // A later message is answered: once it is, the retry would have been answered before it.
      await driver.sendUserMessage({ conversation, user: 'U1', text: 'What about warranty?' });
      const posts = await driver.waitForPosts(conversation, 2);
      expect(posts).toHaveLength(2);
      const sessionId = await driver.sessionOf(conversation);
      const history = await (
        await driver.parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}/history`)
      ).json();
      expect(history.messages.filter((message: { role: string }) => message.role === 'user')).toHaveLength(2);
    });

    it('stores a rating pressed under an answer', async () => {
      const conversation = nextConversation();
      await driver.sendUserMessage({ conversation, user: 'U1', text: 'Do you ship abroad?' });
      const [answer] = await driver.waitForPosts(conversation, 1);
      const thumbsDown = answer?.buttons.find((button) => button.kind === 'feedback_down');
      expect(thumbsDown).toBeDefined();
      expect(await driver.press(conversation, 'U1', thumbsDown as ChannelButton)).toBeLessThan(300);
      const sessionId = await driver.sessionOf(conversation);
      await expect
        .poll(async () => {
          const history = await (
            await driver.parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}/history`)
          ).json();
          return history.messages.find((message: { role: string }) => message.role === 'assistant')?.feedback
            ?.rating;
        })
        .toBe('down');
    });

    it('hands over to a person: one webhook naming the channel, their answer in the conversation, then back', async () => {
      const conversation = nextConversation();
      await driver.sendUserMessage({ conversation, user: 'U1', text: 'Do you ship abroad?' });
      const [answer] = await driver.waitForPosts(conversation, 1);
      const escalate = answer?.buttons.find((button) => button.kind === 'escalate');
      expect(escalate).toBeDefined();
      expect(await driver.press(conversation, 'U1', escalate as ChannelButton)).toBeLessThan(300);
      const sessionId = await driver.sessionOf(conversation);
      const [escalation] = await receiver.waitFor((events) =>
        events.some((event) => event.data.session_id === sessionId),
      );
      const delivered = receiver.events.filter((event) => event.data.session_id === sessionId);
      expect(delivered).toHaveLength(1);
      expect(escalation).toBeDefined();
      const context = delivered[0]?.data.context as { channel: string; user_id: string };
      expect(context.channel).toBe(driver.channel);
      expect(context.user_id).toBe('U1');
      const notice = await driver.waitForPosts(conversation, 2);
      expect(notice[1]?.text).toMatch(/person/i);

      // While a person answers, the bot stays quiet.
      await driver.sendUserMessage({ conversation, user: 'U1', text: 'Hello? Anyone there?' });
      const reply = await driver.parley.request(
        'POST',
        `/v1/apps/${driver.appId}/sessions/${sessionId}/messages`,
        { role: 'human_agent', content: 'Hi, this is Dana from support.', author: 'Dana' },
      );
      expect(reply.status).toBeLessThan(300);
      const withPerson = await driver.waitForPosts(conversation, 3);
      expect(withPerson[2]?.text).toContain('Hi, this is Dana from support.');
      expect(withPerson[2]?.text).toContain('Dana');

      await driver.parley.request('POST', `/v1/apps/${driver.appId}/sessions/${sessionId}/resolve`);
      const afterResolve = await driver.waitForPosts(conversation, 4);
      await driver.sendUserMessage({ conversation, user: 'U1', text: 'What about warranty?' });
      const last = await driver.waitForPosts(conversation, 5);
      expect(afterResolve).toHaveLength(4);
      expect(last[4]?.text.length).toBeGreaterThan(0);
      expect(receiver.events.filter((event) => event.data.session_id === sessionId)).toHaveLength(1);
    });

    // Last: a workspace that refused streaming is remembered, so the unstreamed case comes after the streamed ones.
    runNativeChannelCases(() => driver, nextConversation);
  });
}
