import { describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestEngine } from '../testing/index.js';
import { escalationNotice } from '../turns/messages.js';
import type { JsonObject } from '../types.js';
import type {
  AnswerWriter,
  ChannelAnswer,
  ChannelConnector,
  ChannelPost,
  InboundMessage,
} from './channel.js';
import { failureNotice, resolvedNotice } from './channel-bridge.js';

/** A chat platform as the bridge sees it: what it was asked to show, in order. */
class FakePlatform implements ChannelConnector {
  readonly channel = 'fakechat';
  readonly shown: { conversation: unknown; call: string; text?: string; answer?: ChannelAnswer }[] = [];
  readonly posts: { conversation: unknown; post: ChannelPost }[] = [];

  openAnswer(address: JsonObject): AnswerWriter {
    const conversation = address.conversation;
    return {
      working: async () => void this.shown.push({ conversation, call: 'working' }),
      tool: async (call) => void this.shown.push({ conversation, call: `tool:${call.tool}:${call.status}` }),
      update: async (text) => void this.shown.push({ conversation, call: 'update', text }),
      finish: async (answer) => void this.shown.push({ conversation, call: 'finish', answer }),
      fail: async (text) => void this.shown.push({ conversation, call: 'fail', text }),
      postedIds: () => [`posted-${String(conversation)}`],
    };
  }

  async post(address: JsonObject, post: ChannelPost): Promise<void> {
    this.posts.push({ conversation: address.conversation, post });
  }

  finishes(conversation: string): ChannelAnswer[] {
    return this.shown.flatMap((shown) =>
      shown.conversation === conversation && shown.answer ? [shown.answer] : [],
    );
  }
}

let deliveries = 0;
function message(conversation: string, text: string, deliveryId = `d-${++deliveries}`): InboundMessage {
  return {
    channel: 'fakechat',
    conversationKey: `fakechat:${conversation}`,
    deliveryId,
    text,
    userId: 'U7',
    metadata: { channel: 'fakechat', team: 'T1' },
    address: { conversation },
  };
}

async function bridged() {
  const test = createTestEngine();
  const { appId } = await createTestApp(test.engine);
  const platform = new FakePlatform();
  const bridge = test.engine.channels.bridge({ appId, connector: platform, updateIntervalMs: 0 });
  bridge.start();
  return { ...test, appId, platform, bridge };
}

describe('the channel bridge', () => {
  it('tells the writer of each tool call, in order with the answer', async () => {
    const { bridge, platform, model } = await bridged();
    model.enqueue({ toolCalls: [{ name: 'escalate_to_human', arguments: '{"reason":"refund"}' }] });

    await bridge.receive(message('tools', 'My refund is late'));

    const calls = platform.shown.filter((shown) => shown.conversation === 'tools').map((shown) => shown.call);
    expect(calls.filter((call) => call.startsWith('tool:'))).toEqual([
      'tool:escalate_to_human:started',
      'tool:escalate_to_human:completed',
    ]);
    expect(calls.at(-1)).toBe('finish');
  });

  it('answers a platform message in a session of its own, naming the stored answer for feedback', async () => {
    const { bridge, platform, model, engine, appId, store } = await bridged();
    model.enqueue({ text: 'Hello from Parley.' });

    expect(await bridge.receive(message('c1', 'Hi'))).toBe('answered');

    const [answer] = platform.finishes('c1');
    const link = await bridge.linkOf('fakechat:c1');
    expect(answer).toMatchObject({
      text: 'Hello from Parley.',
      sessionId: link?.session_id,
      escalated: false,
    });
    const history = await engine.sessions.history(appId, link?.session_id ?? '');
    expect(answer?.messageId).toBe(history.messages.at(-1)?.id);
    expect(platform.shown[0]?.call).toBe('working');
    const memory = await store.get('session_metadata', link?.session_id ?? '');
    expect(memory?.metadata).toMatchObject({ channel: 'fakechat', team: 'T1' });
  });

  it('answers a redelivered message once and an empty one not at all', async () => {
    const { bridge, platform, model } = await bridged();
    expect(await bridge.receive(message('c2', 'Hi', 'same'))).toBe('answered');
    expect(await bridge.receive(message('c2', 'Hi', 'same'))).toBe('duplicate');
    expect(await bridge.receive(message('c2', '  '))).toBe('empty');
    expect(model.requests).toHaveLength(1);
    expect(platform.finishes('c2')).toHaveLength(1);
  });

  it('tells the user the answer failed when the model does, keeping the conversation usable', async () => {
    const { bridge, platform, model } = await bridged();
    model.enqueue({ fail: new Error('provider down') }, { text: 'Back again.' });

    expect(await bridge.receive(message('c3', 'Hi'))).toBe('answered');
    await bridge.receive(message('c3', 'Hi again'));

    expect(platform.shown.filter((shown) => shown.conversation === 'c3').map((shown) => shown.call)).toEqual([
      'working',
      'fail',
      'working',
      'finish',
    ]);
    expect(platform.shown.find((shown) => shown.call === 'fail')?.text).toBe(failureNotice);
    expect(platform.finishes('c3')[0]?.text).toBe('Back again.');
  });

  it('hands over to a person, stays quiet, posts their answers, then says when the bot is back', async () => {
    const { bridge, platform, engine, appId } = await bridged();
    await bridge.receive(message('c4', 'I want to talk to a human'));
    const [handover] = platform.finishes('c4');
    expect(handover).toMatchObject({ text: escalationNotice, escalated: true });

    await bridge.receive(message('c4', 'Hello?'));
    expect(platform.finishes('c4')[1]).toMatchObject({ text: '', messageId: null, escalated: true });

    const sessionId = handover?.sessionId ?? '';
    await engine.sessions.postHumanMessage(appId, sessionId, {
      content: 'Ada here, how can I help?',
      author: 'Ada',
    });
    await engine.sessions.resolve(appId, sessionId);
    await vi.waitFor(() => expect(platform.posts).toHaveLength(2));
    expect(platform.posts).toEqual([
      { conversation: 'c4', post: { kind: 'human_agent', text: 'Ada here, how can I help?', author: 'Ada' } },
      { conversation: 'c4', post: { kind: 'notice', text: resolvedNotice, author: null } },
    ]);
  });

  it("escalates and rates only in the session the button's conversation holds", async () => {
    const { bridge, engine, appId } = await bridged();
    await bridge.receive(message('c5', 'Hi'));
    const sessionId = (await bridge.linkOf('fakechat:c5'))?.session_id ?? '';
    const other = await engine.sessions.create(appId, {});

    expect(await bridge.escalate('fakechat:c5', other.session_id)).toEqual({ status: 'not_linked' });
    expect(await bridge.rate('fakechat:c5', other.session_id, 'msg_x', 'up')).toEqual({
      status: 'not_linked',
    });
    expect(await bridge.escalate('fakechat:c5', sessionId)).toEqual({
      status: 'escalated',
      message: escalationNotice,
      alreadyEscalated: false,
    });
    expect(await bridge.escalate('fakechat:c5', sessionId)).toMatchObject({ alreadyEscalated: true });
  });

  it("keeps a rating's comment, and gives the app's greeting (filled in) and starter prompts", async () => {
    const test = createTestEngine();
    const { appId } = await createTestApp(test.engine, undefined, {
      greeting: 'Hello {{memory.sessionMeta.metadata.userProfile.name}}!',
      starter_prompts: ['Where is my order?'],
    });
    const bridge = test.engine.channels.bridge({ appId, connector: new FakePlatform(), updateIntervalMs: 0 });
    await bridge.receive(message('c6', 'Hi'));
    const sessionId = (await bridge.linkOf('fakechat:c6'))?.session_id ?? '';
    const history = await test.engine.sessions.history(appId, sessionId);
    const answerId = history.messages.at(-1)?.id ?? '';

    expect(await bridge.rate('fakechat:c6', sessionId, answerId, 'down', '  Too short.  ')).toEqual({
      status: 'rated',
    });
    const rated = await test.engine.sessions.history(appId, sessionId);
    expect(rated.messages.at(-1)?.feedback).toMatchObject({ rating: 'down', comment: 'Too short.' });

    // Feedback naming the platform's message of the answer (Teams' feedback loop) finds that answer.
    expect(await bridge.ratePosted('fakechat:c6', 'posted-c6', 'up', 'Better.')).toEqual({ status: 'rated' });
    const again = await test.engine.sessions.history(appId, sessionId);
    expect(again.messages.at(-1)?.feedback).toMatchObject({ rating: 'up', comment: 'Better.' });
    expect(await bridge.ratePosted('fakechat:c6', 'posted-elsewhere', 'up')).toEqual({
      status: 'not_linked',
    });
    expect(await bridge.ratePosted('fakechat:c5', 'posted-c6', 'up')).toEqual({ status: 'not_linked' });

    expect(await bridge.intro({ userProfile: { name: 'Dana' } })).toEqual({
      name: 'Test app',
      greeting: 'Hello Dana!',
      starterPrompts: ['Where is my order?'],
    });
  });

  it('goes on in a new session when the linked one was ended', async () => {
    const { bridge, platform, engine, appId } = await bridged();
    await bridge.receive(message('c6', 'Hi'));
    const first = (await bridge.linkOf('fakechat:c6'))?.session_id ?? '';
    await engine.sessions.end(appId, first);

    await bridge.receive(message('c6', 'Still there?'));

    const second = (await bridge.linkOf('fakechat:c6'))?.session_id;
    expect(second).not.toBe(first);
    expect(platform.finishes('c6').map((answer) => answer.sessionId)).toEqual([first, second]);
  });

  it('rates an earlier answer by its platform message after the user wrote again, and none of an ended session', async () => {
    const test = createTestEngine();
    const { appId } = await createTestApp(test.engine);
    let answers = 0;
    // Each answer is its own platform message, as on Teams.
    const platform = new (class extends FakePlatform {
      override openAnswer(address: JsonObject): AnswerWriter {
        const postedId = `posted-${++answers}`;
        return { ...super.openAnswer(address), postedIds: () => [postedId] };
      }
    })();
    const bridge = test.engine.channels.bridge({ appId, connector: platform, updateIntervalMs: 0 });
    await bridge.receive(message('c7', 'Hi'));
    await bridge.receive(message('c7', 'And another thing'));
    const sessionId = (await bridge.linkOf('fakechat:c7'))?.session_id ?? '';

    expect(await bridge.ratePosted('fakechat:c7', 'posted-1', 'down', 'The first was off.')).toEqual({
      status: 'rated',
    });
    const history = await test.engine.sessions.history(appId, sessionId);
    const assistant = history.messages.filter((entry) => entry.role === 'assistant');
    expect(assistant.map((entry) => entry.feedback?.comment ?? null)).toEqual(['The first was off.', null]);

    // The session ends; the conversation goes on in a new one, where the old messages rate nothing.
    await test.engine.sessions.end(appId, sessionId);
    await bridge.receive(message('c7', 'Back again'));
    expect(await bridge.ratePosted('fakechat:c7', 'posted-2', 'up')).toEqual({ status: 'not_linked' });
    expect(await bridge.ratePosted('fakechat:c7', 'posted-3', 'up')).toEqual({ status: 'rated' });
  });
});
