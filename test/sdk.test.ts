/**
 * The SDK snippet of seed 000, with the package name changed to `@parley/sdk`, and the rest of
 * the SDK, against a real Parley server over HTTP.
 */
import { AgentPlatform, type ChatResponse, ParleyApiError, paginate, type StreamEvent } from '@parley/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAiTestServer } from './support/openai-server.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const idOf = (prefix: string) => new RegExp(`^${prefix}_[A-Za-z0-9_-]{20}$`);

let parley: ParleyHarness;
let model: OpenAiTestServer;
let client: AgentPlatform;
let appId: string;
let agentId: string;

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function joinTokens(events: StreamEvent[]): string {
  return events.map((event) => (event.type === 'token' ? event.content : '')).join('');
}

async function rejection(promise: Promise<unknown>): Promise<ParleyApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ParleyApiError);
    return error as ParleyApiError;
  }
  throw new Error('expected the call to reject');
}

beforeAll(async () => {
  parley = await startParleyHarness();
  if (!parley.modelServer) throw new Error('the harness should run with the local model server');
  model = parley.modelServer;
  client = new AgentPlatform({ apiKey: parley.adminKey, baseUrl: parley.url });
  const agent = await client.agents.create({ name: 'support_agent', system_prompt: 'You help customers.' });
  agentId = agent.id;
  appId = (await client.apps.create({ name: 'Support', agents: [agentId] })).id;
});

afterAll(async () => {
  await parley.stop();
});

describe('the seed 000 SDK snippet', () => {
  it('new AgentPlatform({ apiKey, baseUrl }) → client.execute({ appId, message, sessionId }) → response.response', async () => {
    const session = await client.sessions.create({ appId });
    model.enqueue({
      content: 'I found your order #12345. It shipped yesterday and should arrive by Friday.',
    });

    const response = await client.execute({
      appId: appId,
      message: "What's my order status?",
      sessionId: session.session_id,
    });

    expect(response.response).toBe(
      'I found your order #12345. It shipped yesterday and should arrive by Friday.',
    );
    expect(response.session_id).toBe(session.session_id);
    expect(response.trace_id).toMatch(idOf('trace'));
    expect(response.agent).toBe('support_agent');
    expect(response.agent_id).toBe(agentId);
    expect(response.tools_used).toEqual([]);
    expect(response.usage.input_tokens).toBeGreaterThan(0);
    expect(response.usage.output_tokens).toBeGreaterThan(0);
  });

  it('accepts baseUrl with a trailing /v1/', async () => {
    const other = new AgentPlatform({ apiKey: parley.adminKey, baseUrl: `${parley.url}/v1/` });
    model.enqueue({ content: 'Via /v1/.' });
    const response = await other.execute({ appId, message: 'Hi' });
    expect(response.response).toBe('Via /v1/.');
    expect(response.session_id).toMatch(idOf('sess'));
  });
});

describe('executeStream', () => {
  it('yields typed start → token… → done events whose tokens equal the stored answer', async () => {
    const session = await client.sessions.create({ appId, userId: 'user_456', metadata: { channel: 'web' } });
    model.enqueue({
      content: 'Our return policy allows returns within 30 days.',
      usage: { prompt_tokens: 45, completion_tokens: 128 },
    });
    const events = await collect(
      client.executeStream({ appId, message: 'Explain your return policy', sessionId: session.session_id }),
    );
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('done');
    expect(types.slice(1, -1).every((type) => type === 'token')).toBe(true);
    const [start] = events;
    if (start?.type !== 'start') throw new Error('the first event should be start');
    expect(start.session_id).toBe(session.session_id);
    expect(start.trace_id).toMatch(idOf('trace'));
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('the last event should be done');
    expect(done.usage).toEqual({ input_tokens: 45, output_tokens: 128 });
    expect(done.agent).toBe('support_agent');

    const history = await client.sessions.history({ appId, sessionId: session.session_id });
    expect(history.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(joinTokens(events)).toBe('Our return policy allows returns within 30 days.');
    expect(history.messages[1]?.content).toBe(joinTokens(events));
  });

  it('rejects on the first iteration with ParleyApiError when the session is unknown', async () => {
    const stream = client.executeStream({ appId, message: 'Hi', sessionId: 'sess_invalid' });
    const error = await rejection(stream.next());
    expect(error.status).toBe(404);
    expect(error.code).toBe('not_found');
    expect(error.details).toEqual({ session_id: 'sess_invalid' });
  });
});

describe('sessions', () => {
  it('create, history and end; the ended session then answers not_found', async () => {
    const session = await client.sessions.create({ appId, userId: 'user_456', metadata: { language: 'en' } });
    expect(session.session_id).toMatch(idOf('sess'));
    expect(session.created_at).toMatch(isoTimestamp);
    expect(Date.parse(session.expires_at) - Date.parse(session.created_at)).toBe(3_600_000);
    model.enqueue({ content: 'Hello.' });
    await client.execute({ appId, message: 'Hi', sessionId: session.session_id });
    const history = await client.sessions.history({ appId, sessionId: session.session_id });
    expect(history.session_id).toBe(session.session_id);
    expect(history.messages.map((message) => [message.role, message.content, message.agent])).toEqual([
      ['user', 'Hi', undefined],
      ['assistant', 'Hello.', 'support_agent'],
    ]);

    const ended = await client.sessions.end({ appId, sessionId: session.session_id });
    expect(ended).toEqual({
      session_id: session.session_id,
      ended: true,
      ended_at: expect.stringMatching(isoTimestamp),
    });
    const error = await rejection(client.sessions.history({ appId, sessionId: session.session_id }));
    expect(error.code).toBe('not_found');
    expect(error.status).toBe(404);
    expect(error.message).toBe('Session not found');
    expect(error.details).toEqual({ session_id: session.session_id });
  });
});

describe('agents', () => {
  it('create, get, list, update, connect and disconnect a datastore, delete', async () => {
    const created = await client.agents.create({
      name: 'Research Assistant',
      description: 'Helps answer research questions',
      system_prompt: 'You are a research assistant. Answer questions accurately and cite your sources.',
      settings: { temperature: 0.5, retrieval_count: 10 },
    });
    expect(created.id).toMatch(idOf('agt'));
    expect(created.settings).toEqual({ temperature: 0.5, max_tokens: 1024, retrieval_count: 10 });
    expect(created.datastores).toEqual([]);
    expect(await client.agents.get(created.id)).toEqual(created);

    const listed = await client.agents.list({ limit: 1 });
    expect(listed.data).toEqual([
      {
        id: created.id,
        name: created.name,
        description: created.description,
        created_at: created.created_at,
      },
    ]);
    expect(listed.has_more).toBe(true);

    const updated = await client.agents.update(created.id, {
      name: 'Updated Agent Name',
      settings: { temperature: 0.3 },
    });
    expect(updated.name).toBe('Updated Agent Name');
    expect(updated.settings).toEqual({ temperature: 0.3, max_tokens: 1024, retrieval_count: 10 });
    expect(updated.description).toBe('Helps answer research questions');

    const datastore = await (await parley.request('POST', '/v1/datastores', { name: 'Contracts' })).json();
    expect((await client.agents.connectDatastore(created.id, datastore.id)).datastores).toEqual([
      datastore.id,
    ]);
    expect((await client.agents.connectDatastore(created.id, datastore.id)).datastores).toEqual([
      datastore.id,
    ]);
    expect((await client.agents.disconnectDatastore(created.id, datastore.id)).datastores).toEqual([]);

    expect(await client.agents.delete(created.id)).toEqual({ id: created.id, deleted: true });
    const error = await rejection(client.agents.get(created.id));
    expect(error.status).toBe(404);
    expect(error.code).toBe('not_found');
    expect(error.details).toEqual({ agent_id: created.id });
  });
});

describe('chat, chatStream and conversations', () => {
  it('chat continues a conversation; chatStream streams into it; conversations list, get and delete', async () => {
    const agent = await client.agents.create({ name: 'Contracts' });
    model.enqueue(
      {
        content: 'Based on the documents, the key risks include...',
        usage: { prompt_tokens: 150, completion_tokens: 85 },
      },
      { content: 'Also late payments.' },
    );
    const first: ChatResponse = await client.agents.chat(agent.id, {
      message: 'What are the key risks in our contracts?',
    });
    expect(first.id).toMatch(idOf('msg'));
    expect(first.conversation_id).toMatch(idOf('conv'));
    expect(first.content).toBe('Based on the documents, the key risks include...');
    expect(first.citations).toEqual([]);
    expect(first.applied_definitions).toEqual([]);
    expect(first.usage).toEqual({ prompt_tokens: 150, completion_tokens: 85, total_tokens: 235 });

    const events = await collect(
      client.agents.chatStream(agent.id, {
        message: 'Anything else?',
        conversationId: first.conversation_id,
      }),
    );
    expect(events[0]?.type).toBe('start');
    const done = events.at(-1);
    if (done?.type !== 'done') throw new Error('the last event should be done');
    expect(done.conversation_id).toBe(first.conversation_id);
    expect(done.id).toMatch(idOf('msg'));
    expect(done.citations).toEqual([]);
    expect(done.applied_definitions).toEqual([]);
    expect(done.usage.input_tokens).toBeGreaterThan(0);
    expect(done.usage.output_tokens).toBe(events.filter((event) => event.type === 'token').length);
    expect(done.usage.total_tokens).toBe(done.usage.input_tokens + done.usage.output_tokens);
    expect(joinTokens(events)).toBe('Also late payments.');

    const listed = await client.conversations.list(agent.id);
    expect(listed.data.map((conversation) => [conversation.id, conversation.message_count])).toEqual([
      [first.conversation_id, 4],
    ]);
    const conversationId = first.conversation_id;
    if (conversationId === null) throw new Error('a conversation should have been kept');
    const conversation = await client.conversations.get(agent.id, conversationId);
    expect(conversation.messages.map((message) => [message.role, message.content])).toEqual([
      ['user', 'What are the key risks in our contracts?'],
      ['assistant', 'Based on the documents, the key risks include...'],
      ['user', 'Anything else?'],
      ['assistant', 'Also late payments.'],
    ]);
    expect(conversation.messages[3]?.id).toBe(done.id);
    expect(await client.conversations.delete(agent.id, conversationId)).toEqual({
      id: conversationId,
      deleted: true,
    });
    expect((await client.conversations.list(agent.id)).data).toEqual([]);
  });

  it('a share token works as the apiKey for that agent', async () => {
    const agent = await client.agents.create({ name: 'Shared' });
    const link = await client.agents.share(agent.id, { expiresIn: 168 });
    expect(link.share_url).toBe(`${parley.url}/shared/${agent.id}?token=${link.token}`);
    const visitor = new AgentPlatform({ apiKey: link.token, baseUrl: parley.url });
    model.enqueue({ content: 'Shared answer.' });
    expect((await visitor.agents.chat(agent.id, { message: 'Hi' })).content).toBe('Shared answer.');
    expect(await client.agents.revokeShares(agent.id)).toEqual({ id: agent.id, shares_revoked: true });
    const error = await rejection(visitor.agents.chat(agent.id, { message: 'Hi' }));
    expect(error.status).toBe(401);
    expect(error.code).toBe('authentication_error');
  });
});

describe('keys', () => {
  it('create shows the key once; list is masked; delete removes it and the key stops working', async () => {
    const created = await client.keys.create({ name: 'Script key', kind: 'secret', plan: 'pro' });
    expect(created.id).toMatch(idOf('key'));
    expect(created.key).toMatch(/^sk_/);
    expect(created.plan).toBe('pro');
    expect(created.rate_limit).toEqual({ per_minute: 600, per_day: 50_000 });

    const scripted = new AgentPlatform({ apiKey: created.key, baseUrl: parley.url });
    expect((await scripted.apps.get(appId)).id).toBe(appId);

    const publishable = await client.keys.create({
      name: 'Widget',
      kind: 'publishable',
      appId,
      allowedOrigins: ['https://shop.example.com'],
    });
    expect(publishable.key).toMatch(/^pk_/);
    expect(publishable.app_id).toBe(appId);

    const listed = await client.keys.list({ limit: 100 });
    const listedScript = listed.data.find((key) => key.id === created.id);
    expect(listedScript).toBeDefined();
    expect(listedScript).not.toHaveProperty('key');
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(listed)).not.toContain(publishable.key);
    expect(listed.data.map((key) => key.id)).toContain(publishable.id);

    expect(await client.keys.delete(created.id)).toEqual({ id: created.id, deleted: true });
    const error = await rejection(scripted.apps.get(appId));
    expect(error.status).toBe(401);
    expect(error.code).toBe('authentication_error');
  });
});

describe('ParleyApiError', () => {
  it('carries code, status and details for 404, 400, 401 and 403', async () => {
    const notFound = await rejection(client.agents.get('agt_abc123'));
    expect([notFound.status, notFound.code]).toEqual([404, 'not_found']);
    expect(notFound.details).toEqual({ agent_id: 'agt_abc123' });

    const invalid = await rejection(client.agents.create({ name: '' }));
    expect([invalid.status, invalid.code]).toEqual([400, 'invalid_request']);
    expect(invalid.details.field).toBe('name');

    const stranger = new AgentPlatform({ apiKey: 'sk-app-xxxxx', baseUrl: parley.url });
    const unauthenticated = await rejection(
      stranger.execute({ appId, message: "What's my order status?", sessionId: 'sess_abc123' }),
    );
    expect([unauthenticated.status, unauthenticated.code]).toEqual([401, 'authentication_error']);

    const widget = new AgentPlatform({
      apiKey: parley.running.demo.publishableKey as string,
      baseUrl: parley.url,
    });
    const forbidden = await rejection(widget.agents.list());
    expect([forbidden.status, forbidden.code]).toEqual([403, 'permission_error']);
    expect(forbidden.rateLimit).toBeDefined();
  });
});

describe('paginate', () => {
  it('walks every page of a list without duplicates', async () => {
    const created: string[] = [];
    for (let index = 0; index < 5; index++)
      created.push((await client.agents.create({ name: `Paged ${index}` })).id);
    const everything = await client.agents.list({ limit: 100 });
    const pages: number[] = [];
    const walked: string[] = [];
    for await (const agent of paginate(
      async (page) => {
        const result = await client.agents.list(page);
        pages.push(result.data.length);
        return result;
      },
      { limit: 2 },
    )) {
      walked.push(agent.id);
    }
    expect(walked).toEqual(everything.data.map((agent) => agent.id));
    expect(walked.slice(0, 5)).toEqual([...created].reverse());
    expect(new Set(walked).size).toBe(walked.length);
    expect(pages.length).toBe(Math.ceil(walked.length / 2));
  });
});
