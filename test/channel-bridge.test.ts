import {
  type AnswerWriter,
  type ChannelAnswer,
  ChannelBridge,
  type ChannelConnector,
  type ChannelPost,
  failureNotice,
  type JsonObject,
} from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/** A chat platform as the bridge sees it: every call it receives, recorded in order. */
class RecordingPlatform implements ChannelConnector {
  readonly channel = 'testchat';
  readonly calls: { address: JsonObject; call: string; text?: string; answer?: ChannelAnswer }[] = [];
  readonly posts: { address: JsonObject; post: ChannelPost }[] = [];
  updatesInFlight = 0;
  mostUpdatesInFlight = 0;

  openAnswer(address: JsonObject): AnswerWriter {
    return {
      working: async () => {
        this.calls.push({ address, call: 'working' });
      },
      update: async (text) => {
        this.updatesInFlight += 1;
        this.mostUpdatesInFlight = Math.max(this.mostUpdatesInFlight, this.updatesInFlight);
        // Slower than the bridge's interval (20 ms): overlapping updates would show.
        await new Promise((resolve) => setTimeout(resolve, 60));
        this.calls.push({ address, call: 'update', text });
        this.updatesInFlight -= 1;
      },
      finish: async (answer) => {
        this.calls.push({ address, call: 'finish', answer });
      },
      fail: async (text) => {
        this.calls.push({ address, call: 'fail', text });
      },
    };
  }

  async post(address: JsonObject, post: ChannelPost): Promise<void> {
    this.posts.push({ address, post });
  }

  callsFor(conversation: string) {
    return this.calls.filter((call) => call.address.conversation === conversation);
  }
}

describe('the channel bridge between a chat platform and sessions', () => {
  let parley: ParleyHarness;
  let platform: RecordingPlatform;
  let bridge: ChannelBridge;
  let appId: string;
  let counter = 0;
  const message = (conversation: string, text: string, deliveryId = `d-${++counter}`) => ({
    channel: 'testchat',
    conversationKey: `testchat:${conversation}`,
    deliveryId,
    text,
    userId: 'U42',
    metadata: { channel: 'testchat', userProfile: { name: 'Ada' } },
    address: { conversation },
  });

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'openai' });
    appId = parley.running.demo.appId;
    platform = new RecordingPlatform();
    bridge = new ChannelBridge({
      engine: parley.running.engine,
      appId,
      connector: platform,
      updateIntervalMs: 20,
    });
    bridge.start();
  });
  afterAll(async () => {
    bridge?.stop();
    await parley?.stop();
  });

  it('writes a slow answer progressively, one update at a time, then finishes with the stored message', async () => {
    const words = Array.from({ length: 30 }, (_, index) => `word${index} `);
    parley.modelServer?.enqueue({ chunks: words, tokenDelayMs: 8 });
    expect(await bridge.receive(message('slow', 'Tell me a long story'))).toBe('answered');

    const calls = platform.callsFor('slow');
    expect(calls[0]?.call).toBe('working');
    const updates = calls.filter((call) => call.call === 'update').map((call) => call.text ?? '');
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.length).toBeLessThan(words.length);
    for (let index = 1; index < updates.length; index += 1) {
      expect((updates[index] as string).startsWith(updates[index - 1] as string)).toBe(true);
      expect((updates[index] as string).length).toBeGreaterThan((updates[index - 1] as string).length);
    }
    expect(platform.mostUpdatesInFlight).toBe(1);
    const finish = calls.at(-1);
    expect(finish?.call).toBe('finish');
    expect(finish?.answer?.text).toBe(words.join(''));

    const history = await (
      await parley.request('GET', `/v1/apps/${appId}/sessions/${finish?.answer?.sessionId}/history`)
    ).json();
    const stored = history.messages.at(-1);
    expect(stored).toMatchObject({
      role: 'assistant',
      content: words.join(''),
      id: finish?.answer?.messageId,
    });
  });

  it('keeps one session per conversation and the channel facts in its metadata', async () => {
    parley.modelServer?.enqueue({ content: 'First answer' });
    parley.modelServer?.enqueue({ content: 'Second answer' });
    await bridge.receive(message('kept', 'one'));
    await bridge.receive(message('kept', 'two'));
    const link = await bridge.linkOf('testchat:kept');
    const finishes = platform.callsFor('kept').filter((call) => call.call === 'finish');
    expect(finishes.map((call) => call.answer?.sessionId)).toEqual([link?.session_id, link?.session_id]);
    const session = await parley.running.store.get('sessions', link?.session_id ?? '');
    const memory = await parley.running.store.get('session_metadata', link?.session_id ?? '');
    expect(memory?.metadata).toMatchObject({ channel: 'testchat', userProfile: { name: 'Ada' } });
    expect(session?.user_id).toBe('U42');
  });

  it('answers a redelivered message once, and ignores an empty one', async () => {
    parley.modelServer?.enqueue({ content: 'Only once' });
    const before = parley.modelServer?.requests.length ?? 0;
    expect(await bridge.receive(message('again', 'hello', 'same-delivery'))).toBe('answered');
    expect(await bridge.receive(message('again', 'hello', 'same-delivery'))).toBe('duplicate');
    expect(await bridge.receive(message('again', '   '))).toBe('empty');
    expect((parley.modelServer?.requests.length ?? 0) - before).toBe(1);
    expect(platform.callsFor('again').filter((call) => call.call === 'finish')).toHaveLength(1);
  });

  it('knows a delivery it answered after a restart of the bridge (the platform retries late)', async () => {
    parley.modelServer?.enqueue({ content: 'Answered before the restart' });
    const before = parley.modelServer?.requests.length ?? 0;
    expect(await bridge.receive(message('restarted', 'hello', 'late-retry'))).toBe('answered');
    const restarted = new ChannelBridge({ engine: parley.running.engine, appId, connector: platform });
    expect(await restarted.receive(message('restarted', 'hello', 'late-retry'))).toBe('duplicate');
    expect((parley.modelServer?.requests.length ?? 0) - before).toBe(1);
    expect(platform.callsFor('restarted').filter((call) => call.call === 'finish')).toHaveLength(1);
  });

  it('goes on in a new session when the old one was ended', async () => {
    parley.modelServer?.enqueue({ content: 'Before' });
    await bridge.receive(message('ended', 'first'));
    const first = await bridge.linkOf('testchat:ended');
    await parley.request('DELETE', `/v1/apps/${appId}/sessions/${first?.session_id}`);
    parley.modelServer?.enqueue({ content: 'After' });
    await bridge.receive(message('ended', 'second'));
    const second = await bridge.linkOf('testchat:ended');
    expect(second?.session_id).not.toBe(first?.session_id);
    expect(second?.id).toBe(first?.id);
    const last = platform.callsFor('ended').at(-1);
    expect(last?.answer).toMatchObject({ text: 'After', sessionId: second?.session_id });
  });

  it('tells the user when the model fails, and keeps their message', async () => {
    parley.modelServer?.enqueue({ error: { status: 500, message: 'provider down' } });
    await bridge.receive(message('failing', 'are you there?'));
    const last = platform.callsFor('failing').at(-1);
    expect(last).toMatchObject({ call: 'fail', text: failureNotice });
    const link = await bridge.linkOf('testchat:failing');
    const history = await (
      await parley.request('GET', `/v1/apps/${appId}/sessions/${link?.session_id}/history`)
    ).json();
    expect(history.messages[0]).toMatchObject({ role: 'user', content: 'are you there?' });
  });

  it("posts a person's answer and the hand-back to the conversation's address, and stays quiet meanwhile", async () => {
    parley.modelServer?.enqueue({ content: 'Bot answer' });
    await bridge.receive(message('handoff', 'hi'));
    expect(platform.callsFor('handoff').at(-1)?.answer?.text).toBe('Bot answer');
    const link = await bridge.linkOf('testchat:handoff');
    const sessionId = link?.session_id ?? '';
    expect(await bridge.escalate('testchat:handoff', sessionId)).toMatchObject({
      status: 'escalated',
      message: expect.stringMatching(/person/),
      alreadyEscalated: false,
    });

    const requestsBefore = parley.modelServer?.requests.length ?? 0;
    await bridge.receive(message('handoff', 'still waiting'));
    const quiet = platform.callsFor('handoff').at(-1);
    expect(quiet?.answer).toMatchObject({ text: '', messageId: null, escalated: true });
    expect(parley.modelServer?.requests.length).toBe(requestsBefore);

    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Dana here, how can I help?',
      author: 'Dana',
    });
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`);
    await expect
      .poll(() => platform.posts.filter((item) => item.address.conversation === 'handoff'))
      .toEqual([
        {
          address: { conversation: 'handoff' },
          post: { kind: 'human_agent', text: 'Dana here, how can I help?', author: 'Dana' },
        },
        { address: { conversation: 'handoff' }, post: expect.objectContaining({ kind: 'notice' }) },
      ]);
  });
});
