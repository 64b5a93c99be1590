import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  agentId,
  appId,
  appKey,
  completions,
  gate,
  type Heard,
  history,
  listenTo,
  open,
  parley,
  post,
  publishableKey,
  seqsOf,
  startSocketServer,
  stopSocketServer,
  tokensOf,
  upTo,
} from './support/socket-protocol.js';

/** The protocol of docs/socket-protocol.md with real Socket.IO clients against a real server. */

describe('Socket.IO protocol', () => {
  beforeAll(startSocketServer);
  afterAll(stopSocketServer);

  it("answers config with the app's greeting rendered with the metadata, and its starter prompts", async () => {
    const socket = await open(appKey);
    const withName = await socket.emitWithAck('config', {
      app_id: appId,
      metadata: { userProfile: { name: 'Ada' } },
    });
    expect(withName).toEqual({
      ok: true,
      config: {
        name: 'Socket Shop',
        greeting: 'Hello Ada! Ask me anything.',
        starter_prompts: ['Where is my order?', 'Can I return a gift?'],
        allow_conversations: true,
      },
    });
    const withoutName = await socket.emitWithAck('config', { app_id: appId });
    expect(withoutName.config.greeting).toBe('Hello ! Ask me anything.');

    const plain = await post<{ id: string }>('/v1/apps', { name: 'No greeting', agents: [agentId] });
    const plainKey = await publishableKey({ app_id: plain.id });
    const plainSocket = await open(plainKey);
    expect((await plainSocket.emitWithAck('config', { app_id: plain.id })).config).toMatchObject({
      greeting: null,
      starter_prompts: [],
    });
    expect(await socket.emitWithAck('config', { app_id: plain.id })).toMatchObject({
      ok: false,
      error: { code: 'permission_error' },
    });
  });

  it('resumes an answer on a new socket from the seq it had: the rest arrives, the model is called once', async () => {
    const answer = 'One two three four five six seven eight.';
    const release = gate.hold();
    parley.modelServer?.enqueue({ content: answer });
    const before = completions();
    const requestId = randomUUID();

    const first = await open(appKey);
    const firstHeard = listenTo(first);
    first.emit('execute', { app_id: appId, message: 'Count for me', request_id: requestId });
    await firstHeard.next((event) => event.type === 'token');
    first.disconnect();
    const shown = firstHeard.of(requestId);
    expect(shown.map((event) => event.type)).toEqual(['start', 'token']);
    expect(seqsOf(shown)).toEqual([0, 1]);
    const sessionId = shown[0]?.data.session_id as string;

    const second = await open(appKey);
    const secondHeard = listenTo(second);
    expect(await second.emitWithAck('resume', { request_id: requestId, from_seq: 2 })).toEqual({
      ok: true,
      state: 'live',
    });
    release();
    const done = await secondHeard.next((event) => event.type === 'done');
    const whole = [...shown, ...secondHeard.of(requestId)];
    expect(seqsOf(whole)).toEqual(upTo(whole.length));
    expect(tokensOf(whole)).toBe(answer);
    expect(done.data).toMatchObject({ session_id: sessionId, request_id: requestId });

    const stored = (await history(sessionId)).messages;
    expect(stored.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(stored[1]).toMatchObject({ id: done.data.message_id, content: answer });
    expect(stored[1]?.status).toBeUndefined();
    expect(completions() - before).toBe(1);

    // Finished now: a resume replays from any kept seq, and says so.
    const third = await open(appKey);
    const thirdHeard = listenTo(third);
    expect(await third.emitWithAck('resume', { request_id: requestId, from_seq: 0 })).toEqual({
      ok: true,
      state: 'finished',
    });
    expect(thirdHeard.of(requestId).map((event) => event.data)).toEqual(whole.map((event) => event.data));
  });

  it('stores the whole answer when the client goes away in the middle of it', async () => {
    const answer = 'This answer is stored whole, even though nobody is listening any more.';
    const release = gate.hold();
    parley.modelServer?.enqueue({ content: answer });
    const socket = await open(appKey);
    const heard = listenTo(socket);
    socket.emit('execute', { app_id: appId, message: 'Tell me something', request_id: randomUUID() });
    const start = await heard.next((event) => event.type === 'start');
    await heard.next((event) => event.type === 'token');
    socket.disconnect();
    release();

    const sessionId = start.data.session_id as string;
    await vi.waitFor(
      async () => {
        const messages = (await history(sessionId)).messages;
        expect(messages.at(-1)).toMatchObject({ role: 'assistant', content: answer });
      },
      { timeout: 10_000, interval: 50 },
    );
    expect((await history(sessionId)).messages.at(-1)?.status).toBeUndefined();
  });

  it('answers a request_id sent again (on the same socket and after a reconnect) once, by replaying it', async () => {
    parley.modelServer?.enqueue({ content: 'Said only once.' });
    const before = completions();
    const requestId = randomUUID();
    const payload = { app_id: appId, message: 'Say it once', request_id: requestId };

    const first = await open(appKey);
    const firstHeard = listenTo(first);
    expect(await first.emitWithAck('execute', payload)).toEqual({ ok: true });
    const original = firstHeard.of(requestId).map((event) => ({ ...event }));
    expect(original.at(-1)?.type).toBe('done');
    expect(await first.emitWithAck('execute', payload)).toEqual({ ok: true });
    expect(firstHeard.of(requestId).slice(original.length)).toEqual(original);
    first.disconnect();

    const second = await open(appKey);
    const secondHeard = listenTo(second);
    expect(await second.emitWithAck('execute', payload)).toEqual({ ok: true });
    expect(secondHeard.of(requestId)).toEqual(original);

    expect(completions() - before).toBe(1);
    const sessionId = original[0]?.data.session_id as string;
    const stored = (await history(sessionId)).messages;
    expect(stored.filter((message) => message.role === 'user')).toHaveLength(1);
    expect(stored.filter((message) => message.role === 'assistant')).toHaveLength(1);
  });

  it('answers a message resent after a reconnect in the middle of its answer once, acknowledged at its end', async () => {
    const answer = 'Queued while offline, answered once.';
    const release = gate.hold();
    parley.modelServer?.enqueue({ content: answer });
    const before = completions();
    const requestId = randomUUID();
    const payload = { app_id: appId, message: 'Are you there?', request_id: requestId };

    const first = await open(appKey);
    const firstHeard = listenTo(first);
    first.emit('execute', payload);
    await firstHeard.next((event) => event.type === 'token');
    first.disconnect();

    const second = await open(appKey);
    const secondHeard = listenTo(second);
    const acknowledged = second.emitWithAck('execute', payload);
    await secondHeard.next((event) => event.type === 'token');
    release();
    expect(await acknowledged).toEqual({ ok: true });
    const replayed = secondHeard.of(requestId);
    expect(seqsOf(replayed)).toEqual(upTo(replayed.length));
    expect(tokensOf(replayed)).toBe(answer);
    expect(replayed.at(-1)?.type).toBe('done');
    expect(completions() - before).toBe(1);
  });

  it('tells another credential that a request_id it did not send is unknown, and leaks nothing of it', async () => {
    parley.modelServer?.enqueue({ content: 'For the first visitor only.' });
    const requestId = randomUUID();
    const owner = await open(appKey);
    expect(
      await owner.emitWithAck('execute', { app_id: appId, message: 'Hi', request_id: requestId }),
    ).toEqual({ ok: true });

    const otherKey = await publishableKey({ app_id: appId });
    const stranger = await open(otherKey);
    const heard = listenTo(stranger);
    expect(await stranger.emitWithAck('resume', { request_id: requestId, from_seq: 0 })).toEqual({
      ok: true,
      state: 'unknown',
    });
    expect(heard.heard).toEqual([]);

    // The same id from another credential is another message: answered afresh.
    parley.modelServer?.enqueue({ content: 'For the second visitor.' });
    const before = completions();
    expect(
      await stranger.emitWithAck('execute', { app_id: appId, message: 'Hi', request_id: requestId }),
    ).toEqual({ ok: true });
    expect(tokensOf(heard.of(requestId))).toBe('For the second visitor.');
    expect(completions() - before).toBe(1);
  });

  it('rates an answer and reads the history over the socket', async () => {
    parley.modelServer?.enqueue({ content: 'Rate me.' });
    const socket = await open(appKey);
    const heard = listenTo(socket);
    const requestId = randomUUID();
    expect(
      await socket.emitWithAck('execute', { app_id: appId, message: 'Hello', request_id: requestId }),
    ).toEqual({ ok: true });
    const done = heard.of(requestId).at(-1) as Heard;
    const sessionId = done.data.session_id as string;
    const messageId = done.data.message_id as string;
    expect(messageId).toMatch(/^msg_/);

    const read = await socket.emitWithAck('history', { app_id: appId, session_id: sessionId });
    expect(read).toMatchObject({ ok: true, history: { session_id: sessionId } });
    expect(read.history).toEqual(await history(sessionId));
    expect(read.history.messages.at(-1)).toMatchObject({ id: messageId, content: 'Rate me.' });

    const rated = await socket.emitWithAck('feedback', {
      app_id: appId,
      session_id: sessionId,
      message_id: messageId,
      rating: 'down',
      comment: 'Too short',
    });
    expect(rated).toMatchObject({
      ok: true,
      feedback: { message_id: messageId, session_id: sessionId, rating: 'down', comment: 'Too short' },
    });
    const after = await socket.emitWithAck('history', { app_id: appId, session_id: sessionId });
    expect(after.history.messages.at(-1).feedback).toMatchObject({ rating: 'down', comment: 'Too short' });

    const userMessageId = read.history.messages[0].id as string;
    expect(
      await socket.emitWithAck('feedback', {
        app_id: appId,
        session_id: sessionId,
        message_id: userMessageId,
        rating: 'up',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const demoApp = parley.running.demo.appId;
    expect(await socket.emitWithAck('history', { app_id: demoApp, session_id: sessionId })).toMatchObject({
      ok: false,
      error: { code: 'permission_error' },
    });
  });
});
