import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortedKeys } from './support/json-call.js';
import { readEventStream } from './support/parley-harness.js';
import {
  call,
  chat,
  chatKeys,
  createAgent,
  errorOf,
  idOf,
  isoTimestamp,
  type JsonObject,
  model,
  parley,
  startSeedServer,
  stopSeedServer,
} from './support/seed-004.js';

/** Seed 004, continued: chatting with an agent (plain and streamed), its conversations, and share links. */

beforeAll(startSeedServer);
afterAll(stopSeedServer);

describe('Chat with Agent: POST /v1/agents/:id/chat', () => {
  it('answers the seed example in the seed response shape', async () => {
    const agent = await createAgent({ name: 'Contracts', system_prompt: 'You review contracts.' });
    model.enqueue({
      content: 'Based on the documents, the key risks include...',
      usage: { prompt_tokens: 150, completion_tokens: 85 },
    });
    const before = Math.floor(Date.now() / 1000) * 1000;
    const answered = await chat(agent.id as string, { message: 'What are the key risks in our contracts?' });
    expect(answered.status).toBe(200);
    expect(sortedKeys(answered.body)).toEqual(chatKeys);
    expect(answered.body.id).toMatch(idOf('msg'));
    expect(answered.body.conversation_id).toMatch(idOf('conv'));
    expect(answered.body.content).toBe('Based on the documents, the key risks include...');
    expect(answered.body.citations).toEqual([]);
    expect(answered.body.applied_definitions).toEqual([]);
    expect(answered.body.usage).toEqual({ prompt_tokens: 150, completion_tokens: 85, total_tokens: 235 });
    expect(answered.body.created_at).toMatch(isoTimestamp);
    expect(Date.parse(answered.body.created_at as string)).toBeGreaterThanOrEqual(before);

    const request = model.requests.at(-1);
    expect(request?.body.temperature).toBe(0.7);
    expect(request?.body.max_tokens).toBe(1024);
    expect(request?.body.messages).toEqual([
      { role: 'system', content: 'You review contracts.' },
      { role: 'user', content: 'What are the key risks in our contracts?' },
    ]);
  });

  it('continues one conversation with conversation_id; the model receives the earlier turns', async () => {
    const agent = await createAgent();
    const agentId = agent.id as string;
    model.enqueue({ content: 'Risk one is liability.' }, { content: 'Risk two is termination.' });
    const first = await chat(agentId, { message: 'What are the key risks?' });
    const second = await chat(agentId, {
      message: 'Any more?',
      conversation_id: first.body.conversation_id,
    });
    expect(second.status).toBe(200);
    expect(second.body.conversation_id).toBe(first.body.conversation_id);
    expect(second.body.id).not.toBe(first.body.id);
    expect(model.requests.at(-1)?.body.messages).toEqual([
      { role: 'user', content: 'What are the key risks?' },
      { role: 'assistant', content: 'Risk one is liability.' },
      { role: 'user', content: 'Any more?' },
    ]);
    const listed = await call('GET', `/v1/agents/${agentId}/conversations`);
    expect(
      (listed.body.data as JsonObject[]).map((conversation) => [conversation.id, conversation.message_count]),
    ).toEqual([[first.body.conversation_id, 4]]);
  });

  it('answers 404 for a conversation of another agent and 400 without a message', async () => {
    const owner = await createAgent();
    const other = await createAgent();
    model.enqueue({ content: 'Mine.' });
    const first = await chat(owner.id as string, { message: 'Hello' });
    const before = model.requests.length;
    const crossed = await chat(other.id as string, {
      message: 'Hello',
      conversation_id: first.body.conversation_id,
    });
    expect(crossed.status).toBe(404);
    expect(errorOf(crossed.body).details).toEqual({ conversation_id: first.body.conversation_id });
    const empty = await chat(owner.id as string, {});
    expect(empty.status).toBe(400);
    expect((errorOf(empty.body).details as JsonObject).field).toBe('message');
    expect(model.requests.length).toBe(before);
  });
});

describe('Chat with stream: true', () => {
  it('streams start → token… → done; done carries id, conversation_id, citations, applied_definitions', async () => {
    const agent = await createAgent();
    const agentId = agent.id as string;
    const answerText = 'Based on the documents, the key risks include late delivery.';
    model.enqueue({ content: answerText, usage: { prompt_tokens: 150, completion_tokens: 85 } });
    const response = await parley.request('POST', `/v1/agents/${agentId}/chat`, {
      message: 'What are the key risks in our contracts?',
      stream: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEventStream(response);
    const names = events.map((event) => event.event);
    expect(names[0]).toBe('start');
    expect(names.at(-1)).toBe('done');
    expect(names.slice(1, -1).every((name) => name === 'token')).toBe(true);
    expect(names.length).toBeGreaterThan(4);

    const start = events[0]?.data ?? {};
    const done = events.at(-1)?.data ?? {};
    expect(start.trace_id).toMatch(idOf('trace'));
    expect(start.conversation_id).toMatch(idOf('conv'));
    expect(done.id).toMatch(idOf('msg'));
    expect(done.conversation_id).toBe(start.conversation_id);
    expect(done.citations).toEqual([]);
    expect(done.applied_definitions).toEqual([]);
    // The execute/stream usage fields, plus the chat counts of seed 004.
    expect(done.usage).toEqual({
      input_tokens: 150,
      output_tokens: 85,
      prompt_tokens: 150,
      completion_tokens: 85,
      total_tokens: 235,
    });
    const joined = events
      .filter((event) => event.event === 'token')
      .map((event) => event.data.content)
      .join('');
    expect(joined).toBe(answerText);

    const conversation = await call('GET', `/v1/agents/${agentId}/conversations/${done.conversation_id}`);
    expect(conversation.status).toBe(200);
    const messages = conversation.body.messages as JsonObject[];
    expect(messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'What are the key risks in our contracts?'],
      ['assistant', joined],
    ]);
    expect(messages[1]?.id).toBe(done.id);
  });
});

describe('Conversations: list, get, delete', () => {
  let agentId: string;
  const conversationIds: string[] = [];

  beforeAll(async () => {
    agentId = (await createAgent({ name: 'Conversation keeper' })).id as string;
    for (const topic of ['risks', 'terms', 'renewals']) {
      model.enqueue({ content: `About ${topic}.` });
      const answered = await chat(agentId, { message: `What about ${topic}?` });
      expect(answered.status).toBe(200);
      conversationIds.push(answered.body.conversation_id as string);
    }
  });

  it('lists the conversations newest first in the seed shape, page by page', async () => {
    const listed = await call('GET', `/v1/agents/${agentId}/conversations`);
    expect(listed.status).toBe(200);
    expect(sortedKeys(listed.body)).toEqual(['data', 'has_more', 'next_cursor']);
    const data = listed.body.data as JsonObject[];
    expect(data.map((conversation) => conversation.id)).toEqual([...conversationIds].reverse());
    for (const conversation of data) {
      expect(sortedKeys(conversation)).toEqual([
        'agent_id',
        'created_at',
        'id',
        'message_count',
        'updated_at',
      ]);
      expect(conversation.id).toMatch(idOf('conv'));
      expect(conversation.agent_id).toBe(agentId);
      expect(conversation.message_count).toBe(2);
      expect(conversation.created_at).toMatch(isoTimestamp);
      expect(conversation.updated_at).toMatch(isoTimestamp);
    }
    expect(listed.body.has_more).toBe(false);
    expect(listed.body.next_cursor).toBeNull();

    const first = await call('GET', `/v1/agents/${agentId}/conversations?limit=2`);
    expect((first.body.data as JsonObject[]).map((conversation) => conversation.id)).toEqual([
      conversationIds[2],
      conversationIds[1],
    ]);
    expect(first.body.has_more).toBe(true);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call(
      'GET',
      `/v1/agents/${agentId}/conversations?limit=2&cursor=${encodeURIComponent(first.body.next_cursor as string)}`,
    );
    expect((second.body.data as JsonObject[]).map((conversation) => conversation.id)).toEqual([
      conversationIds[0],
    ]);
    expect(second.body.has_more).toBe(false);
    expect(second.body.next_cursor).toBeNull();

    const tooMany = await call('GET', `/v1/agents/${agentId}/conversations?limit=101`);
    expect(tooMany.status).toBe(400);
    expect((errorOf(tooMany.body).details as JsonObject).field).toBe('limit');
  });

  it('gets a conversation with its messages; assistant messages carry citations', async () => {
    const conversationId = conversationIds[0] as string;
    const fetched = await call('GET', `/v1/agents/${agentId}/conversations/${conversationId}`);
    expect(fetched.status).toBe(200);
    expect(sortedKeys(fetched.body)).toEqual(['agent_id', 'created_at', 'id', 'messages', 'updated_at']);
    expect(fetched.body.id).toBe(conversationId);
    expect(fetched.body.agent_id).toBe(agentId);
    expect(fetched.body.created_at).toMatch(isoTimestamp);
    expect(fetched.body.updated_at).toMatch(isoTimestamp);
    const [user, assistant] = fetched.body.messages as JsonObject[];
    expect(sortedKeys(user)).toEqual(['content', 'created_at', 'id', 'role']);
    expect(user).toMatchObject({ role: 'user', content: 'What about risks?' });
    expect(sortedKeys(assistant)).toEqual(['citations', 'content', 'created_at', 'id', 'role']);
    expect(assistant).toMatchObject({ role: 'assistant', content: 'About risks.', citations: [] });
    for (const message of [user, assistant]) {
      expect(message?.id).toMatch(idOf('msg'));
      expect(message?.created_at).toMatch(isoTimestamp);
    }
    const missing = await call('GET', `/v1/agents/${agentId}/conversations/conv_xyz789`);
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).details).toEqual({ conversation_id: 'conv_xyz789' });
  });

  it('deletes a conversation with its messages: {id, deleted: true}', async () => {
    const conversationId = conversationIds[1] as string;
    const deleted = await call('DELETE', `/v1/agents/${agentId}/conversations/${conversationId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: conversationId, deleted: true });
    expect((await call('GET', `/v1/agents/${agentId}/conversations/${conversationId}`)).status).toBe(404);
    const listed = await call('GET', `/v1/agents/${agentId}/conversations`);
    expect((listed.body.data as JsonObject[]).map((conversation) => conversation.id)).toEqual([
      conversationIds[2],
      conversationIds[0],
    ]);
    expect(await parley.running.store.count('messages', { thread_id: conversationId })).toBe(0);
    expect((await call('DELETE', `/v1/agents/${agentId}/conversations/${conversationId}`)).status).toBe(404);
  });
});

describe('Share Agent and Revoke Share', () => {
  it('makes a link for 168 hours whose token chats with that agent only, until revoked', async () => {
    const agent = await createAgent({ name: 'Shared helper' });
    const otherAgent = await createAgent({ name: 'Private helper' });
    const agentId = agent.id as string;
    const before = Date.now();
    const shared = await call('POST', `/v1/agents/${agentId}/share`, {
      expires_in: 168,
    });
    expect(shared.status).toBe(200);
    expect(sortedKeys(shared.body)).toEqual(['expires_at', 'share_url', 'token']);
    const token = shared.body.token as string;
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(shared.body.share_url).toBe(`${parley.url}/shared/${agentId}?token=${encodeURIComponent(token)}`);
    expect(shared.body.expires_at).toMatch(isoTimestamp);
    const expiresAt = Date.parse(shared.body.expires_at as string);
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 168 * 3_600_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 168 * 3_600_000);

    const authorization = `Bearer ${token}`;
    model.enqueue({ content: 'Happy to help.' });
    const answered = await chat(agentId, { message: 'Hello' }, { authorization });
    expect(answered.status).toBe(200);
    expect(answered.body.content).toBe('Happy to help.');
    expect(answered.body.conversation_id).toMatch(idOf('conv'));
    const listed = await call('GET', `/v1/agents/${agentId}/conversations`);
    expect((listed.body.data as JsonObject[]).map((conversation) => conversation.id)).toEqual([
      answered.body.conversation_id,
    ]);

    const agentsList = await call('GET', '/v1/agents', undefined, { authorization });
    expect(agentsList.status).toBe(403);
    expect(errorOf(agentsList.body).code).toBe('permission_error');
    const otherChat = await chat(otherAgent.id as string, { message: 'Hello' }, { authorization });
    expect(otherChat.status).toBe(403);
    expect(errorOf(otherChat.body).code).toBe('permission_error');
    const ownAgent = await call('GET', `/v1/agents/${agentId}`, undefined, { authorization });
    expect(ownAgent.status).toBe(403);

    const revoked = await call('DELETE', `/v1/agents/${agentId}/share`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({ id: agentId, shares_revoked: true });

    const afterRevoke = await chat(agentId, { message: 'Still there?' }, { authorization });
    expect(afterRevoke.status).toBe(401);
    expect(errorOf(afterRevoke.body).code).toBe('authentication_error');
  });

  it('without expires_in the link never expires (expires_at null)', async () => {
    const agent = await createAgent();
    const shared = await call('POST', `/v1/agents/${agent.id}/share`, {});
    expect(shared.status).toBe(200);
    expect(shared.body.expires_at).toBeNull();
    expect(shared.body.share_url).toBe(`${parley.url}/shared/${agent.id}?token=${shared.body.token}`);
  });

  it('with allow_conversations: false answers but stores nothing', async () => {
    const agent = await createAgent({ name: 'Stateless helper' });
    const agentId = agent.id as string;
    const shared = await call('POST', `/v1/agents/${agentId}/share`, {
      expires_in: 1,
      allow_conversations: false,
    });
    expect(shared.status).toBe(200);
    const authorization = `Bearer ${shared.body.token as string}`;
    model.enqueue({ content: 'First standalone answer.' }, { content: 'Second standalone answer.' });
    const first = await chat(agentId, { message: 'One?' }, { authorization });
    expect(first.status).toBe(200);
    expect(sortedKeys(first.body)).toEqual(chatKeys);
    expect(first.body.content).toBe('First standalone answer.');
    expect(first.body.conversation_id).toBeNull();
    const second = await chat(agentId, { message: 'Two?' }, { authorization });
    expect(second.body.content).toBe('Second standalone answer.');
    // Each question stands alone: the model saw no earlier turn.
    expect(model.requests.at(-1)?.body.messages).toEqual([{ role: 'user', content: 'Two?' }]);

    const listed = await call('GET', `/v1/agents/${agentId}/conversations`);
    expect(listed.body).toEqual({ data: [], has_more: false, next_cursor: null });
    const continued = await chat(
      agentId,
      { message: 'Three?', conversation_id: 'conv_abc123' },
      { authorization },
    );
    expect(continued.status).toBe(403);
    expect(errorOf(continued.body).code).toBe('permission_error');
  });

  it('answers 404 when sharing or revoking an unknown agent', async () => {
    expect((await call('POST', '/v1/agents/agt_abc123/share', { expires_in: 168 })).status).toBe(404);
    expect((await call('DELETE', '/v1/agents/agt_abc123/share')).status).toBe(404);
  });
});
