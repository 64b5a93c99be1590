import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentInApp,
  agentOutside,
  appId,
  bearer,
  type CreatedKey,
  expectError,
  json,
  parley,
  rateLimitHeaders,
  startKeyedServer,
  stopKeyedServer,
} from './support/credentials.js';

/** Keys, continued: what publishable keys may reach, CORS, and the rate-limit headers on every answer. */

describe('API keys', () => {
  beforeAll(startKeyedServer);
  afterAll(stopKeyedServer);

  it('lets a publishable key bound to an agent chat with that agent only', async () => {
    const key = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Agent widget',
        kind: 'publishable',
        agent_id: agentOutside,
        allowed_origins: ['https://agent.example'],
      }),
      201,
    );
    const headers = { ...bearer(key.key), origin: 'https://agent.example' };
    parley.modelServer?.enqueue({ content: 'Hello from outside.' });
    const chat = await json<{ content: string; conversation_id: string }>(
      await parley.request('POST', `/v1/agents/${agentOutside}/chat`, { message: 'Hi' }, headers),
      200,
    );
    expect(chat.content).toBe('Hello from outside.');
    parley.modelServer?.enqueue({ content: 'Streamed.' });
    const streamed = await parley.request(
      'POST',
      `/v1/agents/${agentOutside}/chat`,
      { message: 'Hi', stream: true },
      headers,
    );
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await streamed.text();

    // It goes on with its own conversation, but not with one another credential opened.
    parley.modelServer?.enqueue({ content: 'Still you.' });
    await json(
      await parley.request(
        'POST',
        `/v1/agents/${agentOutside}/chat`,
        { message: 'And then?', conversation_id: chat.conversation_id },
        headers,
      ),
      200,
    );
    parley.modelServer?.enqueue({ content: 'Admin conversation.' });
    const adminChat = await json<{ conversation_id: string }>(
      await parley.request('POST', `/v1/agents/${agentOutside}/chat`, { message: 'Internal note' }),
      200,
    );
    const requestsBefore = parley.modelServer?.requests.length ?? 0;
    await expectError(
      await parley.request(
        'POST',
        `/v1/agents/${agentOutside}/chat`,
        { message: 'What did they say?', conversation_id: adminChat.conversation_id },
        headers,
      ),
      404,
      'not_found',
    );
    expect(parley.modelServer?.requests.length).toBe(requestsBefore);

    const refused: [string, string, unknown][] = [
      ['POST', `/v1/agents/${agentInApp}/chat`, { message: 'Hi' }],
      ['POST', `/v1/apps/${appId}/sessions`, {}],
      ['POST', `/v1/apps/${appId}/execute`, { message: 'Hi' }],
      ['POST', `/v1/apps/${parley.running.demo.appId}/execute`, { message: 'Hi' }],
      ['GET', `/v1/agents/${agentOutside}`, undefined],
      ['GET', `/v1/agents/${agentOutside}/conversations/${chat.conversation_id}`, undefined],
    ];
    for (const [method, pathname, body] of refused) {
      await expectError(await parley.request(method, pathname, body, headers), 403, 'permission_error');
    }
  });

  it("lets a publishable key bound to an app open sessions, execute, read history and chat with the app's agents", async () => {
    const key = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'App widget',
        kind: 'publishable',
        plan: 'pro',
        app_id: appId,
        allowed_origins: ['https://app.example'],
      }),
      201,
    );
    const headers = { ...bearer(key.key), origin: 'https://app.example' };
    const session = await json<{ session_id: string }>(
      await parley.request(
        'POST',
        `/v1/apps/${appId}/sessions`,
        { user_id: 'visitor-1', metadata: { page: '/' } },
        headers,
      ),
      201,
    );
    parley.modelServer?.enqueue({ content: 'Answer in the app.' });
    const executed = await json<{ response: string; agent_id: string }>(
      await parley.request(
        'POST',
        `/v1/apps/${appId}/execute`,
        { message: 'Question', session_id: session.session_id },
        headers,
      ),
      200,
    );
    expect(executed).toMatchObject({ response: 'Answer in the app.', agent_id: agentInApp });
    parley.modelServer?.enqueue({ content: 'Streamed in the app.' });
    const stream = await parley.request(
      'POST',
      `/v1/apps/${appId}/execute/stream`,
      { message: 'Stream it', session_id: session.session_id },
      headers,
    );
    expect(stream.status).toBe(200);
    expect(await stream.text()).toContain('event: done');
    const history = await json<{ messages: { role: string; content: string }[] }>(
      await parley.request(
        'GET',
        `/v1/apps/${appId}/sessions/${session.session_id}/history`,
        undefined,
        headers,
      ),
      200,
    );
    expect(history.messages.map((message) => message.content)).toEqual([
      'Question',
      'Answer in the app.',
      'Stream it',
      'Streamed in the app.',
    ]);
    parley.modelServer?.enqueue({ content: 'Agent of the app.' });
    expect(
      (await parley.request('POST', `/v1/agents/${agentInApp}/chat`, { message: 'Hi' }, headers)).status,
    ).toBe(200);

    await expectError(
      await parley.request('POST', `/v1/agents/${agentOutside}/chat`, { message: 'Hi' }, headers),
      403,
      'permission_error',
    );
    await expectError(
      await parley.request('POST', `/v1/apps/${parley.running.demo.appId}/sessions`, {}, headers),
      403,
      'permission_error',
    );
    await expectError(
      await parley.request('DELETE', `/v1/apps/${appId}/sessions/${session.session_id}`, undefined, headers),
      403,
      'permission_error',
    );
    const fromElsewhere = await expectError(
      await parley.request(
        'POST',
        `/v1/apps/${appId}/sessions`,
        {},
        { ...bearer(key.key), origin: 'https://elsewhere.example' },
      ),
      403,
      'permission_error',
    );
    expect(fromElsewhere.details.origin).toBe('https://elsewhere.example');
  });

  it('answers a CORS preflight with 204 allowing Authorization, and exposes X-RateLimit-* on real answers', async () => {
    const origin = 'https://shop.example';
    const preflight = await fetch(`${parley.url}/v1/apps/${appId}/execute`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(await preflight.text()).toBe('');
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    const allowedHeaders = (preflight.headers.get('access-control-allow-headers') ?? '')
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(allowedHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    const allowedMethods = (preflight.headers.get('access-control-allow-methods') ?? '').split(/\s*,\s*/);
    expect(allowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']));
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const actual = await parley.request(
      'POST',
      `/v1/apps/${parley.running.demo.appId}/sessions`,
      {},
      {
        ...bearer(parley.running.demo.publishableKey as string),
        origin: new URL(parley.url).origin,
      },
    );
    expect(actual.status).toBe(201);
    const exposed = (actual.headers.get('access-control-expose-headers') ?? '')
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(exposed).toEqual(
      expect.arrayContaining([
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
        'retry-after',
      ]),
    );
    const headers = rateLimitHeaders(actual);
    // A publishable key is also limited per client IP (30 a minute by default): that window binds first.
    expect(headers.limit).toBe('30');
    expect(Number(headers.remaining)).toBeLessThan(30);
    expect(Number(headers.reset)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('puts X-RateLimit-* on every authenticated answer, errors included', async () => {
    for (const response of [
      await parley.request('GET', '/v1/apps'),
      await parley.request('GET', '/v1/apps/app_missing0000000000'),
      await parley.request('POST', '/v1/agents', { name: 5 }),
      await parley.request(
        'GET',
        '/v1/agents',
        undefined,
        bearer(parley.running.demo.publishableKey as string),
      ),
    ]) {
      await response.text();
      const headers = rateLimitHeaders(response);
      expect(headers.limit, String(response.status)).toMatch(/^\d+$/);
      expect(headers.remaining).toMatch(/^\d+$/);
      expect(headers.reset).toMatch(/^\d{10}$/);
    }
  });
});
