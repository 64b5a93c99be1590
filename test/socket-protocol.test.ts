import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ModelGate, startModelGate } from './support/model-gate.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

/** The protocol of docs/socket-protocol.md with real Socket.IO clients against a real server. */

interface Heard {
  type: string;
  data: Record<string, unknown>;
}

type Acknowledgement = {
  ok: boolean;
  error?: { code: string; message: string; details: Record<string, unknown> };
  [field: string]: unknown;
};

const turnEventTypes = ['start', 'token', 'tool_call', 'citation', 'done', 'error'];
const shopOrigin = 'https://shop.example';

/** Writes down the turn events a socket hears; `next` waits for one (already heard or still to come). */
function listenTo(socket: Socket) {
  const heard: Heard[] = [];
  const waiting: { matches: (event: Heard) => boolean; resolve: (event: Heard) => void }[] = [];
  for (const type of turnEventTypes) {
    socket.on(type, (data: Record<string, unknown>) => {
      const event = { type, data };
      heard.push(event);
      for (const waiter of [...waiting]) {
        if (!waiter.matches(event)) continue;
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    });
  }
  return {
    heard,
    of: (requestId: string) => heard.filter((event) => event.data.request_id === requestId),
    next(matches: (event: Heard) => boolean): Promise<Heard> {
      const already = heard.find(matches);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiting.push({ matches, resolve }));
    },
  };
}

const tokensOf = (events: Heard[]) =>
  events
    .filter((event) => event.type === 'token')
    .map((event) => event.data.content)
    .join('');

const seqsOf = (events: Heard[]) => events.map((event) => event.data.seq);

const upTo = (count: number) => Array.from({ length: count }, (_, index) => index);

describe('Socket.IO protocol', () => {
  let parley: ParleyHarness;
  let gate: ModelGate;
  let appId: string;
  let agentId: string;
  let appKey: string;
  const sockets: Socket[] = [];

  const completions = () =>
    (parley.modelServer?.requests ?? []).filter((request) => request.path === '/v1/chat/completions').length;

  async function post<T = Record<string, unknown>>(pathname: string, body: unknown): Promise<T> {
    const response = await parley.request('POST', pathname, body);
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return (await response.json()) as T;
  }

  async function get<T = Record<string, unknown>>(pathname: string): Promise<T> {
    const response = await parley.request('GET', pathname);
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  async function publishableKey(binding: { app_id?: string; agent_id?: string }, extra = {}) {
    const created = await post<{ key: string; id: string }>('/v1/keys', {
      name: 'site',
      kind: 'publishable',
      allowed_origins: [shopOrigin],
      ...binding,
      ...extra,
    });
    return created.key;
  }

  async function open(key: string, origin = shopOrigin) {
    const socket = await connectSocket(parley.url, key, { origin });
    sockets.push(socket);
    return socket;
  }

  const history = (sessionId: string) =>
    get<{ messages: { id: string; role: string; content: string; status?: string; feedback?: unknown }[] }>(
      `/v1/apps/${appId}/sessions/${sessionId}/history`,
    );

  beforeAll(async () => {
    gate = await startModelGate();
    parley = await startParleyHarness({ environment: { OPENAI_BASE_URL: gate.url } });
    gate.forwardTo(parley.modelServer?.url ?? '');
    const agent = await post<{ id: string }>('/v1/agents', {
      name: 'Socket Helper',
      system_prompt: 'You help visitors.',
    });
    agentId = agent.id;
    const app = await post<{ id: string }>('/v1/apps', {
      name: 'Socket Shop',
      agents: [agentId],
      greeting: 'Hello {{memory.sessionMeta.metadata.userProfile.name}}! Ask me anything.{{ not.a.path }}',
      starter_prompts: ['Where is my order?', 'Can I return a gift?'],
    });
    appId = app.id;
    appKey = await publishableKey({ app_id: appId });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await parley.stop();
    await gate.close();
  });

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

  it('chats with an agent over a share token, and stores nothing when the link keeps no conversations', async () => {
    const share = await post<{ token: string }>(`/v1/agents/${agentId}/share`, {});
    const socket = await open(share.token, shopOrigin);
    const heard = listenTo(socket);
    expect(await socket.emitWithAck('config', { agent_id: agentId })).toEqual({
      ok: true,
      config: { name: 'Socket Helper', greeting: null, starter_prompts: [], allow_conversations: true },
    });

    parley.modelServer?.enqueue({ content: 'Hello from the agent.' });
    const requestId = randomUUID();
    expect(
      await socket.emitWithAck('chat', { agent_id: agentId, message: 'Hi', request_id: requestId }),
    ).toEqual({ ok: true });
    const events = heard.of(requestId);
    expect(events[0]).toMatchObject({ type: 'start' });
    const conversationId = events[0]?.data.conversation_id as string;
    expect(conversationId).toMatch(/^conv_/);
    expect(tokensOf(events)).toBe('Hello from the agent.');
    const done = events.at(-1) as Heard;
    expect(done.type).toBe('done');
    expect(done.data).toMatchObject({
      conversation_id: conversationId,
      citations: [],
      applied_definitions: [],
      agent: 'Socket Helper',
    });
    expect(done.data.message_id).toBe(done.data.id);

    const read = await socket.emitWithAck('conversation', {
      agent_id: agentId,
      conversation_id: conversationId,
    });
    expect(read).toMatchObject({ ok: true, conversation: { id: conversationId, agent_id: agentId } });
    expect(read.conversation.messages.map((message: { role: string }) => message.role)).toEqual([
      'user',
      'assistant',
    ]);
    expect(read.conversation.messages[1]).toMatchObject({
      id: done.data.id,
      content: 'Hello from the agent.',
    });

    // A share token may not use an app, nor read sessions.
    expect(
      await socket.emitWithAck('execute', { app_id: appId, message: 'Hi', request_id: randomUUID() }),
    ).toMatchObject({ ok: false, error: { code: 'permission_error' } });

    const closed = await post<{ token: string }>(`/v1/agents/${agentId}/share`, {
      allow_conversations: false,
    });
    const closedSocket = await open(closed.token, shopOrigin);
    const closedHeard = listenTo(closedSocket);
    expect((await closedSocket.emitWithAck('config', { agent_id: agentId })).config).toMatchObject({
      allow_conversations: false,
    });
    const conversationsBefore = await get<{ data: unknown[] }>(
      `/v1/agents/${agentId}/conversations?limit=100`,
    );
    parley.modelServer?.enqueue({ content: 'Answered and forgotten.' });
    const closedRequest = randomUUID();
    expect(
      await closedSocket.emitWithAck('chat', { agent_id: agentId, message: 'Hi', request_id: closedRequest }),
    ).toEqual({ ok: true });
    const closedEvents = closedHeard.of(closedRequest);
    expect(tokensOf(closedEvents)).toBe('Answered and forgotten.');
    expect(closedEvents.at(-1)?.data).toMatchObject({ conversation_id: null, message_id: null });
    const conversationsAfter = await get<{ data: unknown[] }>(
      `/v1/agents/${agentId}/conversations?limit=100`,
    );
    expect(conversationsAfter.data).toHaveLength(conversationsBefore.data.length);
    expect(
      await closedSocket.emitWithAck('chat', {
        agent_id: agentId,
        message: 'Again',
        conversation_id: conversationId,
        request_id: randomUUID(),
      }),
    ).toMatchObject({ ok: false, error: { code: 'permission_error' } });

    // Revoking the links refuses the next message on a socket that is still open.
    const revoked = await parley.request('DELETE', `/v1/agents/${agentId}/share`);
    expect(revoked.status).toBe(200);
    expect(await socket.emitWithAck('config', { agent_id: agentId })).toMatchObject({
      ok: false,
      error: { code: 'authentication_error' },
    });
  });

  it('lets a publishable key bound to an agent chat with it and read that conversation, nothing else', async () => {
    const agentKey = await publishableKey({ agent_id: agentId });
    const socket = await open(agentKey);
    const heard = listenTo(socket);
    parley.modelServer?.enqueue({ content: 'Agent key answer.' });
    const requestId = randomUUID();
    expect(
      await socket.emitWithAck('chat', { agent_id: agentId, message: 'Hi', request_id: requestId }),
    ).toEqual({ ok: true });
    const conversationId = heard.of(requestId)[0]?.data.conversation_id as string;
    expect(
      (await socket.emitWithAck('conversation', { agent_id: agentId, conversation_id: conversationId })).ok,
    ).toBe(true);
    const demoAgent = parley.running.demo.agentId;
    for (const [message, payload] of [
      ['chat', { agent_id: demoAgent, message: 'Hi', request_id: randomUUID() }],
      ['conversation', { agent_id: demoAgent, conversation_id: conversationId }],
      ['config', { agent_id: demoAgent }],
      ['config', { app_id: appId }],
      ['execute', { app_id: appId, message: 'Hi', request_id: randomUUID() }],
    ] as const) {
      expect(await socket.emitWithAck(message, payload), message).toMatchObject({
        ok: false,
        error: { code: 'permission_error' },
      });
    }
  });

  it('answers a bad payload with invalid_request and stays up; a refused send keeps its request_id free', async () => {
    const socket = await open(appKey);
    const requestId = randomUUID();
    const cases: [string, unknown, string][] = [
      ['execute', { app_id: appId, message: 42, request_id: requestId }, 'message'],
      ['execute', { app_id: appId, message: '   ', request_id: requestId }, 'message'],
      ['execute', { app_id: appId, message: 'Hi', request_id: requestId, extra: true }, 'extra'],
      ['execute', { app_id: appId, message: 'Hi', request_id: 'r1' }, 'request_id'],
      ['execute', 'just some text', 'body'],
      ['chat', { message: 'Hi', request_id: requestId }, 'agent_id'],
      ['resume', { request_id: requestId, from_seq: -1 }, 'from_seq'],
      ['config', { app_id: appId, agent_id: agentId }, 'app_id'],
      ['config', {}, 'app_id'],
      ['history', { app_id: appId }, 'session_id'],
      ['feedback', { app_id: appId, session_id: 'sess_x', message_id: 'msg_x', rating: 'meh' }, 'rating'],
      ['subscribe', null, 'body'],
    ];
    for (const [message, payload, field] of cases) {
      const answer: Acknowledgement = await socket.emitWithAck(message, payload);
      expect(answer, message).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', details: { field } },
      });
    }
    // A message with nothing but the acknowledgement, and messages with no acknowledgement at all.
    expect(await socket.emitWithAck('execute')).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    socket.emit('execute', { nonsense: true });
    socket.emit('feedback');
    socket.emit('no-such-message', { app_id: appId });
    expect(socket.connected).toBe(true);

    parley.modelServer?.enqueue({ content: 'Still here.' });
    const heard = listenTo(socket);
    expect(
      await socket.emitWithAck('execute', { app_id: appId, message: 'Hi', request_id: requestId }),
    ).toEqual({ ok: true });
    expect(tokensOf(heard.of(requestId))).toBe('Still here.');
  });

  it('refuses a missing key, a bad one, and a publishable key from an origin it does not list', async () => {
    await expect(connectSocket(parley.url, undefined, { origin: shopOrigin })).rejects.toMatchObject({
      data: { code: 'authentication_error' },
    });
    await expect(
      connectSocket(parley.url, 'pk_not_a_real_key_at_all', { origin: shopOrigin }),
    ).rejects.toMatchObject({
      data: { code: 'authentication_error' },
    });
    await expect(connectSocket(parley.url, appKey, { origin: 'https://evil.example' })).rejects.toMatchObject(
      {
        data: { code: 'permission_error', details: { origin: 'https://evil.example' } },
      },
    );
    const agentKey = await publishableKey({ agent_id: agentId });
    await expect(
      connectSocket(parley.url, agentKey, { origin: 'https://evil.example' }),
    ).rejects.toMatchObject({
      data: { code: 'permission_error' },
    });
  });

  it('rate-limits execute and chat like the HTTP calls; a replayed send is not counted', async () => {
    const limitedKey = await publishableKey(
      { app_id: appId },
      { plan: 'enterprise', rate_limit: { per_minute: 2, per_day: 100 } },
    );
    const socket = await open(limitedKey);
    const first = { app_id: appId, message: 'One', request_id: randomUUID() };
    expect(await socket.emitWithAck('execute', first)).toEqual({ ok: true });
    expect(await socket.emitWithAck('execute', { ...first, request_id: randomUUID() })).toEqual({ ok: true });
    expect(await socket.emitWithAck('execute', first)).toEqual({ ok: true });
    const limited: Acknowledgement = await socket.emitWithAck('execute', {
      ...first,
      request_id: randomUUID(),
    });
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(limited.error?.details.retry_after_seconds).toBeGreaterThan(0);
    expect(
      await socket.emitWithAck('chat', { agent_id: agentId, message: 'Hi', request_id: randomUUID() }),
    ).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });

  // Last: it restarts the server.
  it('stops a turn under way when the server stops, storing it as far as it got; after a restart it is unknown', async () => {
    gate.hold();
    parley.modelServer?.enqueue({ content: 'Cut short by a restart of the server.' });
    const socket = await open(appKey);
    const heard = listenTo(socket);
    const requestId = randomUUID();
    socket.emit('execute', { app_id: appId, message: 'Hello?', request_id: requestId });
    const start = await heard.next((event) => event.type === 'start');
    const token = await heard.next((event) => event.type === 'token');

    await parley.restart();
    const sessionId = start.data.session_id as string;
    const stored = (await history(sessionId)).messages;
    expect(stored.at(-1)).toMatchObject({
      role: 'assistant',
      content: token.data.content,
      status: 'incomplete',
    });

    const again = await open(appKey);
    expect(await again.emitWithAck('resume', { request_id: requestId, from_seq: 2 })).toEqual({
      ok: true,
      state: 'unknown',
    });
  });
});
