import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { hashSecret, randomToken } from '@parley/engine';
import { type RunningParley, readConfig, startParley } from '@parley/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/** Keys, what each may do, and the rate limits, as a user of the API (and of the CLI) sees them. */

interface KeyView {
  id: string;
  name: string;
  kind: 'secret' | 'publishable';
  plan: 'free' | 'pro' | 'enterprise';
  masked: string;
  app_id: string | null;
  agent_id: string | null;
  allowed_origins: string[];
  rate_limit: { per_minute: number; per_day: number };
  created_at: string;
}

interface CreatedKey extends KeyView {
  key: string;
}

interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorBody['error']> {
  const body = await json<ErrorBody>(response, status);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.details).toBe('object');
  return body.error;
}

function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** Every file under a folder, as text. */
function readAllFiles(folder: string): { file: string; text: string }[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return readAllFiles(file);
    return [{ file, text: readFileSync(file, 'latin1') }];
  });
}

function rateLimitHeaders(response: Response) {
  return {
    limit: response.headers.get('x-ratelimit-limit'),
    remaining: response.headers.get('x-ratelimit-remaining'),
    reset: response.headers.get('x-ratelimit-reset'),
  };
}

describe('API keys', () => {
  let parley: ParleyHarness;
  let agentInApp = '';
  let agentOutside = '';
  let appId = '';

  beforeAll(async () => {
    parley = await startParleyHarness();
    agentInApp = (
      await json<{ id: string }>(await parley.request('POST', '/v1/agents', { name: 'In the app' }), 201)
    ).id;
    agentOutside = (
      await json<{ id: string }>(await parley.request('POST', '/v1/agents', { name: 'Outside' }), 201)
    ).id;
    appId = (
      await json<{ id: string }>(
        await parley.request('POST', '/v1/apps', {
          name: 'Keyed app',
          agents: [agentInApp],
          routing: 'first',
        }),
        201,
      )
    ).id;
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('uses PARLEY_ADMIN_KEY as the admin key: it works, and the list shows one Admin enterprise secret key', async () => {
    const apps = await parley.request('GET', '/v1/apps', undefined, bearer(parley.adminKey));
    expect(apps.status).toBe(200);
    expect(parley.running.createdAdminKey).toBe(parley.adminKey);
    const keys = await json<{ data: KeyView[] }>(await parley.request('GET', '/v1/keys'), 200);
    const secretKeys = keys.data.filter((key) => key.kind === 'secret');
    expect(secretKeys).toHaveLength(1);
    expect(secretKeys[0]).toMatchObject({
      name: 'Admin',
      kind: 'secret',
      plan: 'enterprise',
      app_id: null,
      agent_id: null,
    });
    expect(secretKeys[0]?.masked).toBe(`sk_…${parley.adminKey.slice(-4)}`);
    expect(keys.data.filter((key) => key.name === 'Admin')).toHaveLength(1);
    expect(apps.headers.get('x-ratelimit-limit')).toBe(String(secretKeys[0]?.rate_limit.per_minute));
  });

  it('shows a new key once, with its prefix, and masked ever after', async () => {
    const secret = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Backend', kind: 'secret', plan: 'pro' }),
      201,
    );
    expect(secret.key).toMatch(/^sk_[A-Za-z0-9_-]{32,}$/);
    expect(secret.id).toMatch(/^key_[A-Za-z0-9_-]{16,}$/);
    expect(secret.masked).toBe(`sk_…${secret.key.slice(-4)}`);
    expect(secret).toMatchObject({
      kind: 'secret',
      plan: 'pro',
      rate_limit: { per_minute: 600, per_day: 50_000 },
    });
    expect(secret).not.toHaveProperty('hash');

    const publishable = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Widget',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: ['https://shop.example', 'http://localhost:5173'],
      }),
      201,
    );
    expect(publishable.key).toMatch(/^pk_[A-Za-z0-9_-]{32,}$/);
    expect(publishable.masked).toBe(`pk_…${publishable.key.slice(-4)}`);
    expect(publishable).toMatchObject({
      kind: 'publishable',
      plan: 'free',
      app_id: appId,
      agent_id: null,
      allowed_origins: ['https://shop.example', 'http://localhost:5173'],
      rate_limit: { per_minute: 60, per_day: 1_000 },
    });

    const listed = await parley.request('GET', '/v1/keys?limit=100');
    const text = await listed.text();
    expect(listed.status).toBe(200);
    for (const key of [secret.key, publishable.key, parley.adminKey]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(hashSecret(key));
    }
    expect(text).not.toMatch(/[0-9a-f]{64}/);
    const list = JSON.parse(text) as { data: KeyView[] };
    expect(list.data.find((key) => key.id === secret.id)).toEqual({
      id: secret.id,
      name: 'Backend',
      kind: 'secret',
      plan: 'pro',
      masked: secret.masked,
      app_id: null,
      agent_id: null,
      allowed_origins: [],
      rate_limit: { per_minute: 600, per_day: 50_000 },
      created_at: secret.created_at,
    });
    for (const key of list.data) expect(key).not.toHaveProperty('key');

    // The data folder keeps hashes only.
    const files = readAllFiles(parley.dataDirectory);
    expect(files.length).toBeGreaterThan(0);
    const everything = files.map((file) => file.text).join('\n');
    for (const key of [secret.key, publishable.key, parley.adminKey]) {
      expect(everything).not.toContain(key);
      expect(everything).toContain(hashSecret(key));
    }
  });

  it('refuses keys that are not bound right, and checks plans against rate_limit', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'e', kind: 'secret', plan: 'enterprise' }, 'rate_limit'],
      [
        { name: 'e', kind: 'publishable', plan: 'enterprise', app_id: appId, allowed_origins: ['*'] },
        'rate_limit',
      ],
      [{ name: 'f', kind: 'secret', plan: 'free', rate_limit: { per_minute: 5, per_day: 5 } }, 'rate_limit'],
      [{ name: 'p', kind: 'secret', plan: 'pro', rate_limit: { per_minute: 5, per_day: 5 } }, 'rate_limit'],
      [{ name: 'd', kind: 'secret', rate_limit: { per_minute: 5, per_day: 5 } }, 'rate_limit'],
      [{ name: 'p', kind: 'publishable', allowed_origins: ['*'] }, 'app_id'],
      [
        { name: 'p', kind: 'publishable', app_id: appId, agent_id: agentInApp, allowed_origins: ['*'] },
        'app_id',
      ],
      [{ name: 'p', kind: 'publishable', app_id: appId }, 'allowed_origins'],
      [
        { name: 'p', kind: 'publishable', app_id: appId, allowed_origins: ['shop.example'] },
        'allowed_origins.0',
      ],
      [
        { name: 'p', kind: 'publishable', app_id: appId, allowed_origins: ['https://shop.example/path'] },
        'allowed_origins.0',
      ],
      [{ name: 's', kind: 'secret', app_id: appId }, 'app_id'],
      [{ name: 's', kind: 'secret', allowed_origins: ['https://shop.example'] }, 'allowed_origins'],
      [
        { name: 's', kind: 'secret', plan: 'enterprise', rate_limit: { per_minute: 0, per_day: 5 } },
        'rate_limit.per_minute',
      ],
    ];
    for (const [body, field] of cases) {
      const error = await expectError(await parley.request('POST', '/v1/keys', body), 400, 'invalid_request');
      expect(error.details.field, JSON.stringify(body)).toBe(field);
    }
    const enterprise = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Big customer',
        kind: 'secret',
        plan: 'enterprise',
        rate_limit: { per_minute: 1_234, per_day: 99_999 },
      }),
      201,
    );
    expect(enterprise.rate_limit).toEqual({ per_minute: 1_234, per_day: 99_999 });
    const answer = await parley.request('GET', '/v1/apps', undefined, bearer(enterprise.key));
    expect(answer.status).toBe(200);
    expect(rateLimitHeaders(answer).limit).toBe('1234');
  });

  it('stops a deleted key at once', async () => {
    const secret = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Short-lived', kind: 'secret' }),
      201,
    );
    const publishable = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Short widget',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: ['*'],
      }),
      201,
    );
    expect((await parley.request('GET', '/v1/apps', undefined, bearer(secret.key))).status).toBe(200);
    expect(
      (await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, bearer(publishable.key))).status,
    ).toBe(201);

    for (const key of [secret, publishable]) {
      expect(await json(await parley.request('DELETE', `/v1/keys/${key.id}`), 200)).toEqual({
        id: key.id,
        deleted: true,
      });
    }
    await expectError(
      await parley.request('GET', '/v1/apps', undefined, bearer(secret.key)),
      401,
      'authentication_error',
    );
    await expectError(
      await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, bearer(publishable.key)),
      401,
      'authentication_error',
    );
    const again = await expectError(
      await parley.request('DELETE', `/v1/keys/${secret.id}`),
      404,
      'not_found',
    );
    expect(again.details.key_id).toBe(secret.id);
    const listed = await json<{ data: KeyView[] }>(await parley.request('GET', '/v1/keys?limit=100'), 200);
    expect(listed.data.map((key) => key.id)).not.toContain(secret.id);
  });

  it('lets a secret key delete itself but never the last secret key', async () => {
    const keys = await json<{ data: KeyView[] }>(await parley.request('GET', '/v1/keys?limit=100'), 200);
    const admin = keys.data.find((key) => key.name === 'Admin');
    expect(admin).toBeDefined();
    const adminId = admin?.id ?? '';
    const spare = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Spare', kind: 'secret' }),
      201,
    );
    // A secret key may delete itself while another remains.
    expect(
      (await parley.request('DELETE', `/v1/keys/${spare.id}`, undefined, bearer(spare.key))).status,
    ).toBe(200);
    for (const key of keys.data) {
      if (key.kind === 'secret' && key.id !== adminId) {
        expect((await parley.request('DELETE', `/v1/keys/${key.id}`)).status).toBe(200);
      }
    }
    const refused = await expectError(
      await parley.request('DELETE', `/v1/keys/${adminId}`),
      400,
      'invalid_request',
    );
    expect(refused.details.key_id).toBe(adminId);
    expect((await parley.request('GET', '/v1/apps')).status).toBe(200);
    // Publishable keys can always go.
    const widget = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Gone',
        kind: 'publishable',
        app_id: appId,
        allowed_origins: ['*'],
      }),
      201,
    );
    expect((await parley.request('DELETE', `/v1/keys/${widget.id}`)).status).toBe(200);
  });

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

describe('rate limits per key', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_IP_LIMIT_PER_MINUTE: '1000' },
    });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('gives a free key 60 a minute, then 429 rate_limited with Retry-After and the three headers', async () => {
    const free = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Free script', kind: 'secret', plan: 'free' }),
      201,
    );
    const startSeconds = Math.floor(Date.now() / 1000);
    for (let count = 1; count <= 60; count += 1) {
      const response = await parley.request('GET', '/v1/apps', undefined, bearer(free.key));
      await response.text();
      expect(response.status).toBe(200);
      const headers = rateLimitHeaders(response);
      expect(headers.limit).toBe('60');
      expect(headers.remaining).toBe(String(60 - count));
    }
    const limited = await parley.request('GET', '/v1/apps', undefined, bearer(free.key));
    const error = await expectError(limited, 429, 'rate_limited');
    const retryAfter = limited.headers.get('retry-after') ?? '';
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(error.details.retry_after_seconds).toBe(Number(retryAfter));
    const headers = rateLimitHeaders(limited);
    expect(headers.limit).toBe('60');
    expect(headers.remaining).toBe('0');
    expect(Number(headers.reset)).toBeGreaterThanOrEqual(startSeconds);
    expect(Number(headers.reset)).toBeLessThanOrEqual(startSeconds + 61);
    // Refused requests are refused on every route, and other keys are not affected.
    await expectError(
      await parley.request('POST', '/v1/agents', { name: 'x' }, bearer(free.key)),
      429,
      'rate_limited',
    );
    expect((await parley.request('GET', '/v1/apps')).status).toBe(200);
  });

  it('gives a pro key 600 a minute and an enterprise key its own number', async () => {
    const pro = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', { name: 'Pro', kind: 'secret', plan: 'pro' }),
      201,
    );
    const proAnswer = await parley.request('GET', '/v1/apps', undefined, bearer(pro.key));
    expect(rateLimitHeaders(proAnswer)).toMatchObject({ limit: '600', remaining: '599' });
    const enterprise = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Tiny enterprise',
        kind: 'secret',
        plan: 'enterprise',
        rate_limit: { per_minute: 3, per_day: 100 },
      }),
      201,
    );
    for (let count = 1; count <= 3; count += 1) {
      const response = await parley.request('GET', '/v1/apps', undefined, bearer(enterprise.key));
      expect(response.status).toBe(200);
      expect(rateLimitHeaders(response)).toMatchObject({ limit: '3', remaining: String(3 - count) });
    }
    await expectError(
      await parley.request('GET', '/v1/apps', undefined, bearer(enterprise.key)),
      429,
      'rate_limited',
    );
  });

  it('counts per day too', async () => {
    const daily = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Daily',
        kind: 'secret',
        plan: 'enterprise',
        rate_limit: { per_minute: 100, per_day: 2 },
      }),
      201,
    );
    for (let count = 0; count < 2; count += 1) {
      expect((await parley.request('GET', '/v1/apps', undefined, bearer(daily.key))).status).toBe(200);
    }
    const limited = await parley.request('GET', '/v1/apps', undefined, bearer(daily.key));
    await expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(60);
  });
});

describe('rate limits per client IP for publishable keys and share tokens', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline', environment: { PARLEY_IP_LIMIT_PER_MINUTE: '5' } });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('refuses the 6th request from one IP even though the plan allows more', async () => {
    const { appId } = parley.running.demo;
    const key = await json<CreatedKey>(
      await parley.request('POST', '/v1/keys', {
        name: 'Pro widget',
        kind: 'publishable',
        plan: 'pro',
        app_id: appId,
        allowed_origins: ['*'],
      }),
      201,
    );
    for (let count = 1; count <= 5; count += 1) {
      const response = await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, bearer(key.key));
      expect(response.status).toBe(201);
      // The headers show the window that binds: the client IP's 5 a minute, not the plan's 600.
      expect(rateLimitHeaders(response)).toMatchObject({ limit: '5', remaining: String(5 - count) });
    }
    const limited = await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, bearer(key.key));
    await expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(rateLimitHeaders(limited).remaining).toBe('0');
    // Secret keys are not limited per IP.
    for (let count = 0; count < 8; count += 1) {
      expect((await parley.request('GET', '/v1/apps')).status).toBe(200);
    }
  });

  it('limits a share token per IP as well', async () => {
    const { agentId } = parley.running.demo;
    const share = await json<{ token: string }>(
      await parley.request('POST', `/v1/agents/${agentId}/share`, {}),
      200,
    );
    for (let count = 1; count <= 5; count += 1) {
      const response = await parley.request(
        'POST',
        `/v1/agents/${agentId}/chat`,
        { message: `Hi ${count}` },
        bearer(share.token),
      );
      expect(response.status).toBe(200);
      expect(rateLimitHeaders(response)).toMatchObject({ limit: '5', remaining: String(5 - count) });
    }
    await expectError(
      await parley.request(
        'POST',
        `/v1/agents/${agentId}/chat`,
        { message: 'One more' },
        bearer(share.token),
      ),
      429,
      'rate_limited',
    );
  });
});

describe('the keys CLI', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const cli = path.join(root, 'packages', 'server', 'src', 'cli.ts');
  const run = promisify(execFile);
  let folder = '';
  let running: RunningParley | undefined;

  async function parleyCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(tsx, [cli, ...args], {
        cwd: root,
        env: { ...process.env, PARLEY_DATA_DIR: folder, LOG_LEVEL: 'silent' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
    }
  }

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'parley-cli-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('mints a key printed once, which the server then accepts; refuses while the server holds the folder', async () => {
    const created = await parleyCli('keys', 'create', '--name', 'ci', '--kind', 'secret', '--plan', 'pro');
    expect(created.code, created.stderr).toBe(0);
    const key = /^(sk_[A-Za-z0-9_-]{32,})$/m.exec(created.stdout)?.[1] ?? '';
    expect(key).not.toBe('');
    expect(created.stdout.split(key)).toHaveLength(2);
    expect(created.stdout).toMatch(/Created secret key key_\S+ \(pro\)/);

    const listed = await parleyCli('keys', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`sk_…${key.slice(-4)}`);
    expect(listed.stdout).toContain('ci');
    expect(listed.stdout).not.toContain(key);
    expect(readAllFiles(folder).some((file) => file.text.includes(key))).toBe(false);

    const invalid = await parleyCli(
      'keys',
      'create',
      '--name',
      'bad',
      '--kind',
      'secret',
      '--plan',
      'platinum',
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('plan');

    running = await startParley(
      readConfig({
        PARLEY_DATA_DIR: folder,
        PORT: '0',
        LOG_LEVEL: 'silent',
        PARLEY_ADMIN_KEY: `sk_test_${randomToken(32)}`,
      }),
    );
    const answer = await fetch(`${running.url}/v1/apps`, { headers: bearer(key) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ratelimit-limit')).toBe('600');
    await expectError(
      await fetch(`${running.url}/v1/apps`, { headers: bearer(`${key}x`) }),
      401,
      'authentication_error',
    );

    const whileRunning = await parleyCli('keys', 'create', '--name', 'second', '--kind', 'secret');
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.stderr).toContain(folder);
    expect(whileRunning.stderr).toMatch(/in use by process \d+; stop it first/);
    expect(whileRunning.stdout).not.toMatch(/sk_/);

    await running.stop();
    running = undefined;
    const afterStop = await parleyCli('keys', 'create', '--name', 'second', '--kind', 'secret');
    expect(afterStop.code, afterStop.stderr).toBe(0);
  });
});
