import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket } from './support/socket-client.js';
import {
  type Acknowledgement,
  agentId,
  appId,
  appKey,
  gate,
  get,
  type Heard,
  history,
  listenTo,
  open,
  parley,
  post,
  publishableKey,
  shopOrigin,
  startSocketServer,
  stopSocketServer,
  tokensOf,
} from './support/socket-protocol.js';

/** The Socket.IO protocol, continued: share tokens, agent keys, bad payloads and credentials, rate limits, a server stopping. */

describe('Socket.IO protocol', () => {
  beforeAll(startSocketServer);
  afterAll(stopSocketServer);

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
    // The in-process log goes with the process; a shared one (the suite run with REDIS_URL) outlives
    // it and replays how the turn ended.
    expect(await again.emitWithAck('resume', { request_id: requestId, from_seq: 2 })).toEqual({
      ok: true,
      state: process.env.REDIS_URL ? 'finished' : 'unknown',
    });
  });
});
