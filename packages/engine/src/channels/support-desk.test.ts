import { describe, expect, it, vi } from 'vitest';
import { createTestApp, createTestEngine } from '../testing/index.js';
import type { JsonObject } from '../types.js';
import {
  type SupportConnector,
  SupportDesk,
  type SupportPost,
  type SupportThreadOpening,
  supportNotices,
} from './support-desk.js';

/** A chat platform's support channel as the desk sees it: the threads it opened and what was posted in them. */
class FakeSupportChannel implements SupportConnector {
  readonly platform = 'fakechat';
  readonly openings: { channel: string; opening: SupportThreadOpening }[] = [];
  readonly posts: { thread: unknown; post: SupportPost }[] = [];

  async openThread(channel: string, opening: SupportThreadOpening) {
    this.openings.push({ channel, opening });
    const thread = `t${this.openings.length}`;
    return { threadKey: `fakechat:${channel}:${thread}`, address: { thread } };
  }

  async post(address: JsonObject, post: SupportPost): Promise<void> {
    this.posts.push({ thread: address.thread, post });
  }
}

async function desk(supportChannel: string | null) {
  const test = createTestEngine();
  const { appId } = await createTestApp(test.engine, undefined, { slack_support_channel: supportChannel });
  const channel = new FakeSupportChannel();
  const supportDesk = new SupportDesk({
    engine: test.engine,
    connector: channel,
    channelOf: (app) => app.slack_support_channel,
    publicUrl: 'https://parley.example.org/',
  });
  supportDesk.start();
  const { session_id: sessionId } = await test.engine.sessions.create(appId, {
    user_id: 'u1',
    metadata: { userProfile: { name: 'Vera' } },
  });
  return { ...test, appId, channel, desk: supportDesk, sessionId };
}

describe('SupportDesk', () => {
  it('opens one thread per session, says so again in it on a second escalation, links the console', async () => {
    const { engine, appId, sessionId, channel, desk: supportDesk, clock } = await desk('C0DESK');
    await engine.sessions.escalate(appId, sessionId);
    await vi.waitFor(() => expect(channel.openings).toHaveLength(1));
    const [opened] = channel.openings;
    expect(opened?.channel).toBe('C0DESK');
    expect(opened?.opening).toMatchObject({
      session_id: sessionId,
      visitor: { name: 'Vera', user_id: 'u1' },
      console_url: `https://parley.example.org/console/inbox?app=${appId}&session=${sessionId}`,
    });
    expect(await supportDesk.threadOf('fakechat:C0DESK:t1')).toMatchObject({ session_id: sessionId });

    await engine.sessions.resolve(appId, sessionId);
    await vi.waitFor(() =>
      expect(channel.posts.map((post) => post.post.text)).toContain(supportNotices.handedBack),
    );
    clock.advance(5_000);
    await engine.sessions.escalate(appId, sessionId);
    await vi.waitFor(() =>
      expect(channel.posts.map((post) => post.post.text)).toContain(supportNotices.escalatedAgain),
    );
    expect(channel.openings).toHaveLength(1);
  });

  it('passes a thread reply on once, and only while a person answers', async () => {
    const { engine, appId, sessionId, channel, desk: supportDesk } = await desk('C0DESK');
    await engine.sessions.escalate(appId, sessionId);
    await vi.waitFor(() => expect(channel.openings).toHaveLength(1));
    const reply = {
      threadKey: 'fakechat:C0DESK:t1',
      deliveryId: 'd1',
      text: 'Hello from Ada',
      author: 'Ada',
      authorId: 'U1',
    };
    expect(await supportDesk.reply(reply)).toBe('sent');
    expect(await supportDesk.reply(reply)).toBe('ignored');
    expect((await engine.context.store.get('sessions', sessionId))?.assigned_to).toEqual({
      id: 'fakechat:U1',
      name: 'Ada',
    });
    expect(
      await supportDesk.reply({ ...reply, threadKey: 'fakechat:C0DESK:elsewhere', deliveryId: 'd2' }),
    ).toBe('ignored');
    // Not echoed back into its own thread.
    expect(channel.posts.filter((post) => post.post.text === 'Hello from Ada')).toHaveLength(0);
    expect(await supportDesk.handBack('fakechat:C0DESK:t1')).toBe(true);
    expect(await supportDesk.reply({ ...reply, deliveryId: 'd3', text: 'Too late' })).toBe('closed');
    const history = await engine.sessions.history(appId, sessionId);
    expect(
      history.messages.filter((message) => message.role === 'human_agent').map((m) => m.content),
    ).toEqual(['Hello from Ada']);
  });

  it('opens nothing for an app without a support channel', async () => {
    const { engine, appId, sessionId, channel, sessionEvents } = await desk(null);
    await engine.sessions.escalate(appId, sessionId);
    await vi.waitFor(() => expect(sessionEvents.some((event) => event.type === 'escalated')).toBe(true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(channel.openings).toHaveLength(0);
  });
});
