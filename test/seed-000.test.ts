/**
 * Seed 000 ("agent platform" API reference): every request and response example of the
 * document, sent as written to a real Parley server over HTTP. Webhooks belong to another suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, sortedKeys } from './support/json-call.js';
import { readEventStream } from './support/parley-harness.js';
import {
  agentId,
  appId,
  call,
  createAgentAndApp,
  createSession,
  executeKeys,
  idOf,
  isoTimestamp,
  type JsonObject,
  lastModelRequestMessages,
  model,
  parley,
  sessionIdPattern,
  sessionNotFound,
  startSeedServer,
  stopSeedServer,
  traceIdPattern,
} from './support/seed-000.js';

/** Executing, sessions, their history and their end, and streaming. */

beforeAll(startSeedServer);
afterAll(stopSeedServer);

describe('Execute Conversation: POST /v1/apps/{app_id}/execute', () => {
  it('answers the seed request (session_id + metadata) with exactly the seed response fields', async () => {
    const sessionId = await createSession();
    model.enqueue({
      content: 'I found your order #12345. It shipped yesterday and should arrive by Friday.',
      usage: { prompt_tokens: 145, completion_tokens: 52 },
    });
    const answer = await call('POST', `/v1/apps/${appId}/execute`, {
      message: "What's my order status?",
      session_id: sessionId,
      metadata: {
        user_id: 'user_456',
        channel: 'web',
      },
    });
    expect(answer.status).toBe(200);
    expect(sortedKeys(answer.body)).toEqual(executeKeys);
    expect(answer.body.response).toBe(
      'I found your order #12345. It shipped yesterday and should arrive by Friday.',
    );
    expect(answer.body.session_id).toBe(sessionId);
    expect(answer.body.trace_id).toMatch(traceIdPattern);
    expect(answer.body.agent).toBe('support_agent');
    expect(answer.body.agent_id).toBe(agentId);
    expect(answer.body.tools_used).toEqual([]);
    expect(answer.body.usage).toEqual({ input_tokens: 145, output_tokens: 52 });
    expect(lastModelRequestMessages().at(-1)).toEqual({ role: 'user', content: "What's my order status?" });
  });

  it('opens a new session and returns its id when session_id is absent', async () => {
    model.enqueue({ content: 'First answer.' }, { content: 'Second answer.' });
    const first = await call('POST', `/v1/apps/${appId}/execute`, { message: "What's my order status?" });
    const second = await call('POST', `/v1/apps/${appId}/execute`, { message: "What's my order status?" });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(sortedKeys(first.body)).toEqual(executeKeys);
    expect(first.body.session_id).toMatch(sessionIdPattern);
    expect(second.body.session_id).toMatch(sessionIdPattern);
    expect(second.body.session_id).not.toBe(first.body.session_id);
    expect(first.body.trace_id).not.toBe(second.body.trace_id);

    const history = await call('GET', `/v1/apps/${appId}/sessions/${first.body.session_id}/history`);
    expect(history.status).toBe(200);
    expect((history.body.messages as JsonObject[]).map((message) => [message.role, message.content])).toEqual(
      [
        ['user', "What's my order status?"],
        ['assistant', 'First answer.'],
      ],
    );
  });

  it('answers 404 not_found naming app_id for an unknown app', async () => {
    const answer = await call('POST', '/v1/apps/app_123/execute', { message: "What's my order status?" });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error: { code: 'not_found', message: expect.any(String), details: { app_id: 'app_123' } },
    });
  });

  it('answers 404 with details.session_id for a session it does not know (sess_invalid)', async () => {
    const before = model.requests.length;
    const answer = await call('POST', `/v1/apps/${appId}/execute`, {
      message: "What's my order status?",
      session_id: 'sess_invalid',
    });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(sessionNotFound('sess_invalid'));
    expect(model.requests.length).toBe(before);
  });
});

describe('Create Session: POST /v1/apps/{app_id}/sessions', () => {
  it('answers 201 with session_id, created_at and expires_at = created_at + 3600 s (the default TTL)', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const created = await call('POST', `/v1/apps/${appId}/sessions`, {
      user_id: 'user_456',
      metadata: {
        channel: 'mobile_app',
        language: 'en',
      },
    });
    const after = Date.now();
    expect(created.status).toBe(201);
    expect(sortedKeys(created.body)).toEqual(['created_at', 'expires_at', 'session_id']);
    expect(created.body.session_id).toMatch(sessionIdPattern);
    expect(created.body.created_at).toMatch(isoTimestamp);
    expect(created.body.expires_at).toMatch(isoTimestamp);
    const createdAt = Date.parse(created.body.created_at as string);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(after);
    expect(Date.parse(created.body.expires_at as string) - createdAt).toBe(3_600_000);

    const history = await call('GET', `/v1/apps/${appId}/sessions/${created.body.session_id}/history`);
    expect(history.status).toBe(200);
    expect(history.body).toEqual({ session_id: created.body.session_id, messages: [] });
  });

  it("uses the app's session_ttl_seconds for expires_at", async () => {
    const shortLived = await createAgentAndApp({ name: 'ttl_agent' }, { session_ttl_seconds: 600 });
    const created = await call('POST', `/v1/apps/${shortLived.appId}/sessions`, {
      user_id: 'user_456',
      metadata: { channel: 'mobile_app', language: 'en' },
    });
    expect(created.status).toBe(201);
    const lifetime =
      Date.parse(created.body.expires_at as string) - Date.parse(created.body.created_at as string);
    expect(lifetime).toBe(600_000);
  });

  it('refuses a body field the seed does not have with 400 invalid_request', async () => {
    const created = await call('POST', `/v1/apps/${appId}/sessions`, { user_id: 'user_456', channel: 'web' });
    expect(created.status).toBe(400);
    expect((created.body.error as JsonObject).code).toBe('invalid_request');
  });
});

describe('Get Session History: GET /v1/apps/{app_id}/sessions/{session_id}/history', () => {
  it('lists the messages in order with roles, ISO timestamps and the agent on assistant messages', async () => {
    const sessionId = await createSession();
    model.enqueue({ content: 'I found your order #12345...' }, { content: 'It should arrive by Friday.' });
    expect(
      (
        await call('POST', `/v1/apps/${appId}/execute`, {
          message: "What's my order status?",
          session_id: sessionId,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', `/v1/apps/${appId}/execute`, {
          message: 'When will it arrive?',
          session_id: sessionId,
        })
      ).status,
    ).toBe(200);

    // The second turn reached the model with the first one before it.
    expect(lastModelRequestMessages().slice(-3)).toEqual([
      { role: 'user', content: "What's my order status?" },
      { role: 'assistant', content: 'I found your order #12345...' },
      { role: 'user', content: 'When will it arrive?' },
    ]);

    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    expect(history.status).toBe(200);
    expect(sortedKeys(history.body)).toEqual(['messages', 'session_id']);
    expect(history.body.session_id).toBe(sessionId);
    const messages = history.body.messages as JsonObject[];
    expect(messages.map((message) => [message.role, message.content])).toEqual([
      ['user', "What's my order status?"],
      ['assistant', 'I found your order #12345...'],
      ['user', 'When will it arrive?'],
      ['assistant', 'It should arrive by Friday.'],
    ]);
    for (const message of messages) {
      // The seed's fields, plus the message `id` Parley adds.
      const expected =
        message.role === 'assistant'
          ? ['agent', 'content', 'id', 'role', 'timestamp']
          : ['content', 'id', 'role', 'timestamp'];
      expect(sortedKeys(message)).toEqual(expected);
      expect(message.id).toMatch(idOf('msg'));
      expect(message.timestamp).toMatch(isoTimestamp);
      if (message.role === 'assistant') expect(message.agent).toBe('support_agent');
    }
    const times = messages.map((message) => Date.parse(message.timestamp as string));
    expect([...times].sort((left, right) => left - right)).toEqual(times);
  });

  it('answers the seed error example shape for an unknown session: 404 with details.session_id', async () => {
    const history = await call('GET', `/v1/apps/${appId}/sessions/sess_invalid/history`);
    expect(history.status).toBe(404);
    expect(history.body).toEqual(sessionNotFound('sess_invalid'));
  });

  it('does not show a session through another app', async () => {
    const sessionId = await createSession();
    const other = await createAgentAndApp({ name: 'other_agent' });
    const history = await call('GET', `/v1/apps/${other.appId}/sessions/${sessionId}/history`);
    expect(history.status).toBe(404);
    expect(history.body).toEqual(sessionNotFound(sessionId));
  });
});

describe('End Session: DELETE /v1/apps/{app_id}/sessions/{session_id}', () => {
  it('ends the session; history, execute and execute/stream on it then answer 404 with details.session_id', async () => {
    const sessionId = await createSession();
    model.enqueue({ content: 'Hello there.' });
    expect(
      (await call('POST', `/v1/apps/${appId}/execute`, { message: 'Hi', session_id: sessionId })).status,
    ).toBe(200);

    const beforeEnd = Math.floor(Date.now() / 1000) * 1000;
    const ended = await call('DELETE', `/v1/apps/${appId}/sessions/${sessionId}`);
    const afterEnd = Date.now();
    expect(ended.status).toBe(200);
    expect(sortedKeys(ended.body)).toEqual(['ended', 'ended_at', 'session_id']);
    expect(ended.body.session_id).toBe(sessionId);
    expect(ended.body.ended).toBe(true);
    expect(ended.body.ended_at).toMatch(isoTimestamp);
    // Stamped while the request was under way (to the second).
    expect(Date.parse(ended.body.ended_at as string)).toBeGreaterThanOrEqual(beforeEnd);
    expect(Date.parse(ended.body.ended_at as string)).toBeLessThanOrEqual(afterEnd);

    const modelCalls = model.requests.length;
    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    expect(history.status).toBe(404);
    expect(history.body).toEqual(sessionNotFound(sessionId));

    const executed = await call('POST', `/v1/apps/${appId}/execute`, {
      message: "What's my order status?",
      session_id: sessionId,
    });
    expect(executed.status).toBe(404);
    expect(executed.body).toEqual(sessionNotFound(sessionId));

    const streamed = await parley.request('POST', `/v1/apps/${appId}/execute/stream`, {
      message: 'Explain your return policy',
      session_id: sessionId,
    });
    expect(streamed.status).toBe(404);
    expect(await readJson(streamed)).toEqual(sessionNotFound(sessionId));

    const endedAgain = await call('DELETE', `/v1/apps/${appId}/sessions/${sessionId}`);
    expect(endedAgain.status).toBe(404);
    expect(endedAgain.body).toEqual(sessionNotFound(sessionId));
    expect(model.requests.length).toBe(modelCalls);
  });
});

describe('Streaming Execute: POST /v1/apps/{app_id}/execute/stream', () => {
  it('streams start → token… → done; the tokens join to the stored answer', async () => {
    const sessionId = await createSession();
    const answerText = 'Our return policy allows returns within 30 days of delivery.';
    model.enqueue({ content: answerText, usage: { prompt_tokens: 45, completion_tokens: 128 } });
    const response = await parley.request('POST', `/v1/apps/${appId}/execute/stream`, {
      message: 'Explain your return policy',
      session_id: sessionId,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEventStream(response);
    const names = events.map((event) => event.event);
    expect(names[0]).toBe('start');
    expect(names.at(-1)).toBe('done');
    expect(names.slice(1, -1).every((name) => name === 'token')).toBe(true);
    expect(names.length).toBeGreaterThanOrEqual(2 + 5);

    const start = events[0]?.data ?? {};
    expect(start.trace_id).toMatch(traceIdPattern);
    expect(start.session_id).toBe(sessionId);
    const tokens = events.filter((event) => event.event === 'token');
    for (const token of tokens) {
      expect(sortedKeys(token.data)).toEqual(['content']);
      expect(typeof token.data.content).toBe('string');
    }
    const joined = tokens.map((token) => token.data.content).join('');
    expect(joined).toBe(answerText);

    const done = events.at(-1)?.data ?? {};
    expect(done.usage).toEqual({ input_tokens: 45, output_tokens: 128 });
    expect(done.agent).toBe('support_agent');
    expect(done.tools_used).toEqual([]);
    expect(done.trace_id).toBe(start.trace_id);

    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    const messages = history.body.messages as JsonObject[];
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(messages[0]?.content).toBe('Explain your return policy');
    expect(messages[1]?.content).toBe(joined);
    expect(messages[1]?.agent).toBe('support_agent');
  });

  it('opens a new session when session_id is absent and names it in start', async () => {
    model.enqueue({ content: 'A fresh session answer.' });
    const response = await parley.request('POST', `/v1/apps/${appId}/execute/stream`, {
      message: 'Explain your return policy',
    });
    expect(response.status).toBe(200);
    const events = await readEventStream(response);
    const start = events[0];
    expect(start?.event).toBe('start');
    const sessionId = start?.data.session_id as string;
    expect(sessionId).toMatch(sessionIdPattern);
    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    expect(history.status).toBe(200);
    expect((history.body.messages as JsonObject[]).map((message) => message.content)).toEqual([
      'Explain your return policy',
      'A fresh session answer.',
    ]);
  });

  it('answers a bad request as a JSON 400 before any event', async () => {
    const response = await parley.request('POST', `/v1/apps/${appId}/execute/stream`, {
      session_id: 'sess_abc123',
    });
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect((body.error as JsonObject).code).toBe('invalid_request');
    expect(((body.error as JsonObject).details as JsonObject).field).toBe('message');
  });
});
