import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeServer,
  type ReceivedRequest,
  replyJson,
  startFakeServer,
} from '../test/support/fake-server.js';
import { AgentPlatform } from './index.js';

let fake: FakeServer;
let client: AgentPlatform;

beforeAll(async () => {
  fake = await startFakeServer();
  client = new AgentPlatform({ apiKey: 'sk_test_123', baseUrl: fake.origin });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.received.length = 0;
  fake.answer(replyJson({ ok: true }));
});

function last(): ReceivedRequest {
  const received = fake.received.at(-1);
  if (!received) throw new Error('the fake server received nothing');
  return received;
}

function lastJson(): unknown {
  return JSON.parse(last().body);
}

const executeAnswer = {
  response: 'I found your order #12345.',
  session_id: 'sess_abc123',
  trace_id: 'trace_xyz789',
  agent: 'support_agent',
  agent_id: 'agt_1',
  tools_used: ['get_order_status'],
  usage: { input_tokens: 145, output_tokens: 52 },
};

describe('execute', () => {
  it("runs the seed's snippet", async () => {
    fake.answer(replyJson(executeAnswer));
    const response = await client.execute({
      appId: 'app_123',
      message: "What's my order status?",
      sessionId: 'sess_abc123',
    });
    expect(response.response).toBe('I found your order #12345.');
    expect(response).toEqual(executeAnswer);
    const received = last();
    expect(received.method).toBe('POST');
    expect(received.url).toBe('/v1/apps/app_123/execute');
    expect(received.headers['authorization']).toBe('Bearer sk_test_123');
    expect(received.headers['content-type']).toBe('application/json');
    expect(received.headers['accept']).toBe('application/json');
    expect(lastJson()).toEqual({ message: "What's my order status?", session_id: 'sess_abc123' });
  });

  it('sends metadata and user_id, and leaves out what is not given', async () => {
    fake.answer(replyJson(executeAnswer));
    await client.execute({
      appId: 'app_1',
      message: 'hi',
      metadata: { userProfile: { name: 'John' } },
      userId: 'user_456',
    });
    expect(lastJson()).toEqual({
      message: 'hi',
      metadata: { userProfile: { name: 'John' } },
      user_id: 'user_456',
    });
  });

  it('sends user_hash beside user_id, and makes an identity secret', async () => {
    fake.answer(replyJson(executeAnswer));
    await client.execute({ appId: 'app_1', message: 'hi', userId: 'user_456', userHash: 'ab12' });
    expect(lastJson()).toEqual({ message: 'hi', user_id: 'user_456', user_hash: 'ab12' });
    fake.answer(replyJson({ id: 'app_1', identity_secret: 'idsec_new' }));
    expect((await client.apps.rotateIdentitySecret('app_1')).identity_secret).toBe('idsec_new');
    expect(last().method).toBe('POST');
    expect(last().url).toBe('/v1/apps/app_1/identity-secret');
  });

  it('encodes ids in paths', async () => {
    await client.execute({ appId: 'app/../x?y', message: 'hi' });
    expect(last().url).toBe('/v1/apps/app%2F..%2Fx%3Fy/execute');
  });
});

describe('options', () => {
  it.each(['', '/', '/v1', '/v1/', '//'])('accepts the base URL with %j after the origin', async (suffix) => {
    const other = new AgentPlatform({ apiKey: 'sk_x', baseUrl: fake.origin + suffix });
    await other.apps.get('app_1');
    expect(last().url).toBe('/v1/apps/app_1');
  });

  it('sends the client headers and the call headers, but always its own Authorization', async () => {
    const other = new AgentPlatform({
      apiKey: 'sk_x',
      baseUrl: fake.origin,
      headers: { 'X-Team': 'a', Authorization: 'Bearer other' },
    });
    await other.apps.list({}, { headers: { 'X-Call': 'b' } });
    expect(last().headers['x-team']).toBe('a');
    expect(last().headers['x-call']).toBe('b');
    expect(last().headers['authorization']).toBe('Bearer sk_x');
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const other = new AgentPlatform({
      apiKey: 'sk_x',
      baseUrl: fake.origin,
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    await other.keys.list();
    expect(seen).toEqual([`${fake.origin}/v1/keys`]);
  });

  it('defaults to http://localhost:3000/v1', async () => {
    const seen: string[] = [];
    const other = new AgentPlatform({
      apiKey: 'sk_x',
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('{}', { headers: { 'Content-Type': 'application/json' } });
      },
    });
    await other.apps.list();
    expect(seen).toEqual(['http://localhost:3000/v1/apps']);
  });

  it('refuses a missing apiKey', () => {
    expect(() => new AgentPlatform({ apiKey: '' })).toThrow(TypeError);
  });
});

describe('sessions', () => {
  it('creates, reads the history of and ends a session', async () => {
    fake.answer(replyJson({ session_id: 'sess_1', created_at: 't0', expires_at: 't1' }));
    const session = await client.sessions.create({
      appId: 'app_1',
      userId: 'user_456',
      metadata: { channel: 'web' },
    });
    expect(session.session_id).toBe('sess_1');
    expect(last().method).toBe('POST');
    expect(last().url).toBe('/v1/apps/app_1/sessions');
    expect(lastJson()).toEqual({ user_id: 'user_456', metadata: { channel: 'web' } });

    fake.answer(replyJson({ session_id: 'sess_1', messages: [] }));
    await client.sessions.history({ appId: 'app_1', sessionId: 'sess_1' });
    expect(last().method).toBe('GET');
    expect(last().url).toBe('/v1/apps/app_1/sessions/sess_1/history');
    expect(last().body).toBe('');
    expect(last().headers['content-type']).toBeUndefined();

    fake.answer(replyJson({ session_id: 'sess_1', ended: true, ended_at: 't2' }));
    const ended = await client.sessions.end({ appId: 'app_1', sessionId: 'sess_1' });
    expect(ended.ended).toBe(true);
    expect(last().method).toBe('DELETE');
    expect(last().url).toBe('/v1/apps/app_1/sessions/sess_1');
  });
});

describe('apps', () => {
  it('lists, creates, reads, updates and deletes', async () => {
    fake.answer(replyJson({ data: [], has_more: false, next_cursor: null }));
    await client.apps.list({ limit: 2, cursor: 'c_1' });
    expect(last().url).toBe('/v1/apps?limit=2&cursor=c_1');

    await client.apps.create({
      name: 'Support',
      agents: ['agt_1'],
      routing: 'auto',
      session_ttl_seconds: 600,
    });
    expect(last().method).toBe('POST');
    expect(last().url).toBe('/v1/apps');
    expect(lastJson()).toEqual({
      name: 'Support',
      agents: ['agt_1'],
      routing: 'auto',
      session_ttl_seconds: 600,
    });

    await client.apps.get('app_1');
    expect([last().method, last().url]).toEqual(['GET', '/v1/apps/app_1']);

    await client.apps.update('app_1', { greeting: null, starter_prompts: ['Hi'] });
    expect([last().method, last().url]).toEqual(['PATCH', '/v1/apps/app_1']);
    expect(lastJson()).toEqual({ greeting: null, starter_prompts: ['Hi'] });

    fake.answer(replyJson({ id: 'app_1', deleted: true }));
    expect(await client.apps.delete('app_1')).toEqual({ id: 'app_1', deleted: true });
    expect([last().method, last().url]).toEqual(['DELETE', '/v1/apps/app_1']);
  });
});

describe('agents', () => {
  it('does CRUD and datastores', async () => {
    await client.agents.list({ limit: 5 });
    expect(last().url).toBe('/v1/agents?limit=5');
    await client.agents.create({ name: 'Research', system_prompt: 'Cite.', settings: { temperature: 0.5 } });
    expect([last().method, last().url]).toEqual(['POST', '/v1/agents']);
    expect(lastJson()).toEqual({ name: 'Research', system_prompt: 'Cite.', settings: { temperature: 0.5 } });
    await client.agents.get('agt_1');
    expect([last().method, last().url]).toEqual(['GET', '/v1/agents/agt_1']);
    await client.agents.update('agt_1', { name: 'New' });
    expect([last().method, last().url, last().body]).toEqual(['PATCH', '/v1/agents/agt_1', '{"name":"New"}']);
    await client.agents.delete('agt_1');
    expect([last().method, last().url]).toEqual(['DELETE', '/v1/agents/agt_1']);
    await client.agents.connectDatastore('agt_1', 'ds_9');
    expect([last().method, last().url]).toEqual(['POST', '/v1/agents/agt_1/datastores']);
    expect(lastJson()).toEqual({ datastore_id: 'ds_9' });
    await client.agents.disconnectDatastore('agt_1', 'ds_9');
    expect([last().method, last().url]).toEqual(['DELETE', '/v1/agents/agt_1/datastores/ds_9']);
  });

  it('chats, shares and revokes', async () => {
    await client.agents.chat('agt_1', { message: 'Risks?', conversationId: 'conv_1' });
    expect([last().method, last().url]).toEqual(['POST', '/v1/agents/agt_1/chat']);
    expect(lastJson()).toEqual({ message: 'Risks?', conversation_id: 'conv_1' });

    await client.agents.share('agt_1', { expiresIn: 168, allowConversations: false });
    expect([last().method, last().url]).toEqual(['POST', '/v1/agents/agt_1/share']);
    expect(lastJson()).toEqual({ expires_in: 168, allow_conversations: false });

    await client.agents.share('agt_1');
    expect(lastJson()).toEqual({});

    await client.agents.revokeShares('agt_1');
    expect([last().method, last().url]).toEqual(['DELETE', '/v1/agents/agt_1/share']);
  });
});

describe('conversations and keys', () => {
  it('reaches the conversation paths', async () => {
    await client.conversations.list('agt_1', { cursor: 'c_2' });
    expect(last().url).toBe('/v1/agents/agt_1/conversations?cursor=c_2');
    await client.conversations.get('agt_1', 'conv_1');
    expect([last().method, last().url]).toEqual(['GET', '/v1/agents/agt_1/conversations/conv_1']);
    await client.conversations.delete('agt_1', 'conv_1');
    expect([last().method, last().url]).toEqual(['DELETE', '/v1/agents/agt_1/conversations/conv_1']);
  });

  it('maps key parameters to the wire names', async () => {
    await client.keys.create({
      name: 'widget',
      kind: 'publishable',
      plan: 'enterprise',
      appId: 'app_1',
      allowedOrigins: ['https://shop.example'],
      rateLimit: { per_minute: 10, per_day: 100 },
    });
    expect([last().method, last().url]).toEqual(['POST', '/v1/keys']);
    expect(lastJson()).toEqual({
      name: 'widget',
      kind: 'publishable',
      plan: 'enterprise',
      app_id: 'app_1',
      allowed_origins: ['https://shop.example'],
      rate_limit: { per_minute: 10, per_day: 100 },
    });
    await client.keys.list({ limit: 100 });
    expect(last().url).toBe('/v1/keys?limit=100');
    await client.keys.delete('key_1');
    expect([last().method, last().url]).toEqual(['DELETE', '/v1/keys/key_1']);
  });
});
