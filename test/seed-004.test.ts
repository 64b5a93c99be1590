/**
 * Seed 004 ("Agents API" reference): every request and response example of the document,
 * sent as written to a real Parley server over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sortedKeys } from './support/json-call.js';
import {
  call,
  chat,
  createAgent,
  errorOf,
  expectAgentShape,
  isoTimestamp,
  type JsonObject,
  model,
  parley,
  researchAssistant,
  startSeedServer,
  stopSeedServer,
  waitForNextSecond,
} from './support/seed-004.js';

/** Agents: create, list, get, update, delete, and their datastores. */

beforeAll(startSeedServer);
afterAll(stopSeedServer);

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
