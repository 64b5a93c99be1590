/**
 * Seed 004 ("Agents API" reference): every request and response example of the document,
 * sent as written to a real Parley server over HTTP.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonCaller, sortedKeys } from './support/json-call.js';
import type { OpenAiTestServer } from './support/openai-server.js';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

type JsonObject = Record<string, unknown>;

const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const idOf = (prefix: string) => new RegExp(`^${prefix}_[A-Za-z0-9_-]{20}$`);

/** The seed's fields of the agent object, plus `model` and `tools` that Parley adds. */
const agentKeys = [
  'created_at',
  'datastores',
  'description',
  'id',
  'model',
  'name',
  'settings',
  'system_prompt',
  'tools',
  'updated_at',
];
const chatKeys = [
  'applied_definitions',
  'citations',
  'content',
  'conversation_id',
  'created_at',
  'id',
  'usage',
];

/** The seed's "Create Agent" example request body. */
const researchAssistant = {
  name: 'Research Assistant',
  description: 'Helps answer research questions',
  system_prompt: 'You are a research assistant. Answer questions accurately and cite your sources.',
  settings: {
    temperature: 0.5,
    retrieval_count: 10,
  },
};

let parley: ParleyHarness;
let model: OpenAiTestServer;

const call = jsonCaller(() => parley);

function errorOf(body: JsonObject): JsonObject {
  expect(sortedKeys(body)).toEqual(['error']);
  const error = body.error as JsonObject;
  expect(sortedKeys(error)).toEqual(['code', 'details', 'message']);
  return error;
}

async function createAgent(body: JsonObject = { name: 'Customer Support Agent' }): Promise<JsonObject> {
  const created = await call('POST', '/v1/agents', body);
  expect(created.status).toBe(201);
  return created.body;
}

function expectAgentShape(agent: JsonObject) {
  expect(sortedKeys(agent)).toEqual(agentKeys);
  expect(agent.id).toMatch(idOf('agt'));
  expect(typeof agent.name).toBe('string');
  expect(typeof agent.description).toBe('string');
  expect(typeof agent.system_prompt).toBe('string');
  expect(Array.isArray(agent.datastores)).toBe(true);
  expect(sortedKeys(agent.settings)).toEqual(['max_tokens', 'retrieval_count', 'temperature']);
  expect(agent.created_at).toMatch(isoTimestamp);
  expect(agent.updated_at).toMatch(isoTimestamp);
}

/** Waits until the clock is past the second of `timestamp`, so a later timestamp differs. */
async function waitForNextSecond(timestamp: string): Promise<void> {
  const wait = Date.parse(timestamp) + 1_000 - Date.now();
  if (wait > 0) await sleep(wait + 5);
}

async function chat(agentId: string, body: JsonObject, headers?: Record<string, string>) {
  return call('POST', `/v1/agents/${agentId}/chat`, body, headers);
}

beforeAll(async () => {
  parley = await startParleyHarness();
  if (!parley.modelServer) throw new Error('the harness should run with the local model server');
  model = parley.modelServer;
});

afterAll(async () => {
  await parley.stop();
});

describe('The Agent Object and Create Agent: POST /v1/agents', () => {
  it('answers 201 with the seed response: given settings merged over the defaults, no datastores', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const created = await call('POST', '/v1/agents', researchAssistant);
    expect(created.status).toBe(201);
    const agent = created.body;
    expectAgentShape(agent);
    expect(agent.name).toBe('Research Assistant');
    expect(agent.description).toBe('Helps answer research questions');
    expect(agent.system_prompt).toBe(
      'You are a research assistant. Answer questions accurately and cite your sources.',
    );
    expect(agent.datastores).toEqual([]);
    expect(agent.settings).toEqual({ temperature: 0.5, max_tokens: 1024, retrieval_count: 10 });
    expect(agent.created_at).toBe(agent.updated_at);
    expect(Date.parse(agent.created_at as string)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(agent.created_at as string)).toBeLessThanOrEqual(Date.now());
  });

  it('fills every default when only a name is given', async () => {
    const agent = await createAgent({ name: 'Customer Support Agent' });
    expectAgentShape(agent);
    expect(agent.description).toBe('');
    expect(agent.system_prompt).toBe('');
    expect(agent.settings).toEqual({ temperature: 0.7, max_tokens: 1024, retrieval_count: 5 });
    expect(agent.datastores).toEqual([]);
  });

  it('refuses invalid bodies with 400 invalid_request naming the field', async () => {
    const cases: [JsonObject, string][] = [
      [{ description: 'no name' }, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(101) }, 'name'],
      [{ name: 'Hot', settings: { temperature: 2.5 } }, 'settings.temperature'],
      [{ name: 'Long', settings: { max_tokens: 1.5 } }, 'settings.max_tokens'],
    ];
    for (const [body, field] of cases) {
      const answer = await call('POST', '/v1/agents', body);
      expect(answer.status).toBe(400);
      const error = errorOf(answer.body);
      expect(error.code).toBe('invalid_request');
      expect((error.details as JsonObject).field).toBe(field);
    }
  });
});

describe('List Agents: GET /v1/agents', () => {
  it('answers summaries {id, name, description, created_at} newest first in the list shape', async () => {
    const agent = await createAgent({
      name: 'Customer Support Agent',
      description: 'Answers customer questions',
    });
    const listed = await call('GET', '/v1/agents');
    expect(listed.status).toBe(200);
    expect(sortedKeys(listed.body)).toEqual(['data', 'has_more', 'next_cursor']);
    const data = listed.body.data as JsonObject[];
    expect(data[0]).toEqual({
      id: agent.id,
      name: 'Customer Support Agent',
      description: 'Answers customer questions',
      created_at: agent.created_at,
    });
    for (const summary of data)
      expect(sortedKeys(summary)).toEqual(['created_at', 'description', 'id', 'name']);
    expect(listed.body.has_more).toBe(false);
    expect(listed.body.next_cursor).toBeNull();
  });

  it('walks every page with limit=2 and cursor, without duplicates or gaps', async () => {
    const created: string[] = [];
    for (let index = 1; index <= 5; index++) {
      created.push((await createAgent({ name: `Paged agent ${index}` })).id as string);
    }
    const all = await call('GET', '/v1/agents?limit=100');
    const allIds = (all.body.data as JsonObject[]).map((agent) => agent.id as string);
    expect(allIds.slice(0, 5)).toEqual([...created].reverse());

    const walked: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = await call('GET', `/v1/agents${query}`);
      expect(page.status).toBe(200);
      const data = page.body.data as JsonObject[];
      pages++;
      walked.push(...data.map((agent) => agent.id as string));
      if (page.body.has_more) {
        expect(data.length).toBe(2);
        expect(page.body.next_cursor).toEqual(expect.any(String));
      } else {
        expect(page.body.next_cursor).toBeNull();
      }
      cursor = page.body.next_cursor as string | null;
    } while (cursor !== null && pages < 50);
    expect(walked).toEqual(allIds);
    expect(new Set(walked).size).toBe(walked.length);
    expect(pages).toBe(Math.ceil(allIds.length / 2));
  });

  it('refuses limit 0, 101 and a made-up cursor with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=agt_nope', 'cursor'],
    ]) {
      const answer = await call('GET', `/v1/agents?${query}`);
      expect(answer.status).toBe(400);
      const error = errorOf(answer.body);
      expect(error.code).toBe('invalid_request');
      expect((error.details as JsonObject).field).toBe(field);
    }
  });
});

describe('Get Agent: GET /v1/agents/:id', () => {
  it('returns the full agent object', async () => {
    const agent = await createAgent(researchAssistant);
    const fetched = await call('GET', `/v1/agents/${agent.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(agent);
  });

  it('answers 404 not_found for an unknown id', async () => {
    const answer = await call('GET', '/v1/agents/agt_abc123');
    expect(answer.status).toBe(404);
    const error = errorOf(answer.body);
    expect(error.code).toBe('not_found');
    expect(error.details).toEqual({ agent_id: 'agt_abc123' });
  });
});

describe('Update Agent: PATCH /v1/agents/:id', () => {
  it('changes only the given fields, merges settings and moves updated_at', async () => {
    const agent = await createAgent(researchAssistant);
    await waitForNextSecond(agent.updated_at as string);
    const updated = await call('PATCH', `/v1/agents/${agent.id}`, {
      name: 'Updated Agent Name',
      settings: {
        temperature: 0.3,
      },
    });
    expect(updated.status).toBe(200);
    expectAgentShape(updated.body);
    expect(updated.body).toEqual({
      ...agent,
      name: 'Updated Agent Name',
      settings: { temperature: 0.3, max_tokens: 1024, retrieval_count: 10 },
      updated_at: expect.stringMatching(isoTimestamp),
    });
    expect(Date.parse(updated.body.updated_at as string)).toBeGreaterThan(
      Date.parse(agent.updated_at as string),
    );
    expect(updated.body.created_at).toBe(agent.created_at);
    expect((await call('GET', `/v1/agents/${agent.id}`)).body).toEqual(updated.body);
  });

  it('answers 404 for an unknown agent and 400 for a bad setting', async () => {
    const missing = await call('PATCH', '/v1/agents/agt_abc123', { name: 'Updated Agent Name' });
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).code).toBe('not_found');
    const agent = await createAgent();
    const bad = await call('PATCH', `/v1/agents/${agent.id}`, { settings: { retrieval_count: 0 } });
    expect(bad.status).toBe(400);
    expect((errorOf(bad.body).details as JsonObject).field).toBe('settings.retrieval_count');
  });
});

describe('Delete Agent: DELETE /v1/agents/:id', () => {
  it('answers {id, deleted: true}; the agent and its conversations are gone', async () => {
    const agent = await createAgent();
    const agentId = agent.id as string;
    model.enqueue({ content: 'Kept for now.' });
    const answered = await chat(agentId, { message: 'What are the key risks?' });
    expect(answered.status).toBe(200);
    const conversationId = answered.body.conversation_id as string;

    const deleted = await call('DELETE', `/v1/agents/${agentId}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ id: agentId, deleted: true });

    const fetched = await call('GET', `/v1/agents/${agentId}`);
    expect(fetched.status).toBe(404);
    expect(errorOf(fetched.body).code).toBe('not_found');
    expect((await call('GET', `/v1/agents/${agentId}/conversations/${conversationId}`)).status).toBe(404);
    expect((await call('GET', `/v1/agents/${agentId}/conversations`)).status).toBe(404);
    const store = parley.running.store;
    expect(await store.get('conversations', conversationId)).toBeUndefined();
    expect(await store.count('messages', { thread_id: conversationId })).toBe(0);
    expect((await call('DELETE', `/v1/agents/${agentId}`)).status).toBe(404);
  });
});

describe('Connect and Disconnect Datastore', () => {
  it('connects a datastore once, however often it is sent, then disconnects it', async () => {
    const agent = await createAgent();
    const first = (await call('POST', '/v1/datastores', { name: 'Contracts' })).body as { id: string };
    const other = (await call('POST', '/v1/datastores', { name: 'Policies' })).body as { id: string };
    expect(first.id).toMatch(/^ds_[A-Za-z0-9_-]{16,}$/);
    const connected = await call('POST', `/v1/agents/${agent.id}/datastores`, {
      datastore_id: first.id,
    });
    expect(connected.status).toBe(200);
    expectAgentShape(connected.body);
    expect(connected.body.id).toBe(agent.id);
    expect(connected.body.datastores).toEqual([first.id]);

    const again = await call('POST', `/v1/agents/${agent.id}/datastores`, { datastore_id: first.id });
    expect(again.status).toBe(200);
    expect(again.body.datastores).toEqual([first.id]);
    const second = await call('POST', `/v1/agents/${agent.id}/datastores`, { datastore_id: other.id });
    expect(second.body.datastores).toEqual([first.id, other.id]);
    expect((await call('GET', `/v1/agents/${agent.id}`)).body.datastores).toEqual([first.id, other.id]);

    const disconnected = await call('DELETE', `/v1/agents/${agent.id}/datastores/${first.id}`);
    expect(disconnected.status).toBe(200);
    expectAgentShape(disconnected.body);
    expect(disconnected.body.datastores).toEqual([other.id]);
    expect((await call('GET', `/v1/agents/${agent.id}`)).body.datastores).toEqual([other.id]);

    const unknown = await call('POST', `/v1/agents/${agent.id}/datastores`, { datastore_id: 'ds_xyz789' });
    expect(unknown.status).toBe(404);
    expect((errorOf(unknown.body).details as JsonObject).datastore_id).toBe('ds_xyz789');
  });

  it('refuses a datastore_id that is not ds_… with 400, and an unknown agent with 404', async () => {
    const agent = await createAgent();
    const bad = await call('POST', `/v1/agents/${agent.id}/datastores`, { datastore_id: 'xyz789' });
    expect(bad.status).toBe(400);
    expect((errorOf(bad.body).details as JsonObject).field).toBe('datastore_id');
    const missing = await call('POST', '/v1/agents/agt_abc123/datastores', { datastore_id: 'ds_xyz789' });
    expect(missing.status).toBe(404);
  });
});

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
