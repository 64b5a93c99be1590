import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson, sortedKeys } from './support/json-call.js';
import {
  appId,
  call,
  createAgentAndApp,
  createSession,
  type JsonObject,
  lastModelRequestMessages,
  model,
  parley,
  seedSessionMeta,
  startSeedServer,
  stopSeedServer,
} from './support/seed-000.js';

/** Seed 000, continued: session metadata in prompts, the error format, rate-limit headers and publishable keys. */

beforeAll(startSeedServer);
afterAll(stopSeedServer);

describe('Session Metadata and Accessing in Prompts', () => {
  const prompt =
    'Welcome back, {{memory.sessionMeta.metadata.userProfile.name}}! ' +
    'Tier: {{memory.sessionMeta.metadata.userProfile.tier}}. ' +
    'Nickname: [{{memory.sessionMeta.metadata.userProfile.nickname}}] ' +
    'Profile: [{{memory.sessionMeta.metadata.userProfile}}] ' +
    'Code: [{{ process.exit(1) }}]';
  let profileAppId: string;

  beforeAll(async () => {
    profileAppId = (await createAgentAndApp({ name: 'profile_agent', system_prompt: prompt })).appId;
  });

  function systemMessage() {
    const [first] = lastModelRequestMessages();
    expect(first?.role).toBe('system');
    return first?.content;
  }

  it('renders the seed placeholder from the seed metadata: "Welcome back, John!"', async () => {
    model.enqueue({ content: 'Hi John!' }, { content: 'Still you, John.' }, { content: 'Gold now.' });
    const first = await call('POST', `/v1/apps/${profileAppId}/execute`, {
      message: 'Hello',
      ...seedSessionMeta,
    });
    expect(first.status).toBe(200);
    const rendered = systemMessage();
    expect(rendered).toBe('Welcome back, John! Tier: premium. Nickname: [] Profile: [] Code: []');
    expect(rendered).not.toContain('{{');
    expect(rendered).not.toContain('}}');

    // The metadata stays in the session's memory for the next turns…
    const sessionId = first.body.session_id as string;
    expect(
      (await call('POST', `/v1/apps/${profileAppId}/execute`, { message: 'Again', session_id: sessionId }))
        .status,
    ).toBe(200);
    expect(systemMessage()).toMatch(/^Welcome back, John! Tier: premium\./);

    // …and later metadata is merged into it, not put in its place.
    const merged = await call('POST', `/v1/apps/${profileAppId}/execute`, {
      message: 'Upgrade',
      session_id: sessionId,
      metadata: { userProfile: { tier: 'gold' } },
    });
    expect(merged.status).toBe(200);
    expect(systemMessage()).toMatch(/^Welcome back, John! Tier: gold\./);
  });

  it('reads metadata given when the session was created', async () => {
    const sessionId = await createSession(profileAppId, { user_id: 'user_456', ...seedSessionMeta });
    model.enqueue({ content: 'Hi again.' });
    const answer = await call('POST', `/v1/apps/${profileAppId}/execute`, {
      message: 'Hello',
      session_id: sessionId,
    });
    expect(answer.status).toBe(200);
    expect(systemMessage()).toMatch(/^Welcome back, John! Tier: premium\./);
  });

  it('renders unknown paths empty, never as raw braces', async () => {
    model.enqueue({ content: 'Hello stranger.' });
    const answer = await call('POST', `/v1/apps/${profileAppId}/execute`, { message: 'Hello' });
    expect(answer.status).toBe(200);
    expect(systemMessage()).toBe('Welcome back, ! Tier: . Nickname: [] Profile: [] Code: []');
  });
});

describe('Error Response Format', () => {
  function expectErrorShape(body: JsonObject, code: string) {
    expect(sortedKeys(body)).toEqual(['error']);
    const error = body.error as JsonObject;
    expect(sortedKeys(error)).toEqual(['code', 'details', 'message']);
    expect(error.code).toBe(code);
    expect(typeof error.message).toBe('string');
    expect((error.message as string).length).toBeGreaterThan(0);
    expect(typeof error.details).toBe('object');
    expect(error.details).not.toBeNull();
    return error;
  }

  it('invalid_request → 400, details naming the field', async () => {
    const missing = await call('POST', `/v1/apps/${appId}/execute`, { session_id: 'sess_abc123' });
    expect(missing.status).toBe(400);
    expect((expectErrorShape(missing.body, 'invalid_request').details as JsonObject).field).toBe('message');

    const blank = await call('POST', `/v1/apps/${appId}/execute`, { message: '   ' });
    expect(blank.status).toBe(400);
    expect((expectErrorShape(blank.body, 'invalid_request').details as JsonObject).field).toBe('message');

    const wrongType = await call('POST', `/v1/apps/${appId}/sessions`, { metadata: 'web' });
    expect(wrongType.status).toBe(400);
    expect((expectErrorShape(wrongType.body, 'invalid_request').details as JsonObject).field).toBe(
      'metadata',
    );

    const malformed = await call('POST', `/v1/apps/${appId}/execute`, '{"message": "What');
    expect(malformed.status).toBe(400);
    expect((expectErrorShape(malformed.body, 'invalid_request').details as JsonObject).field).toBe('body');
  });

  it('authentication_error → 401 without a key and with an unknown key', async () => {
    const response = await fetch(`${parley.url}/v1/apps/${appId}/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: "What's my order status?" }),
    });
    expect(response.status).toBe(401);
    expectErrorShape(await readJson(response), 'authentication_error');

    const unknown = await call(
      'POST',
      `/v1/apps/${appId}/execute`,
      { message: "What's my order status?" },
      {
        authorization: 'Bearer sk-app-xxxxxxxxxxxxx',
      },
    );
    expect(unknown.status).toBe(401);
    expectErrorShape(unknown.body, 'authentication_error');
  });

  it('not_found → 404', async () => {
    const history = await call('GET', `/v1/apps/app_123/sessions/sess_abc123/history`);
    expect(history.status).toBe(404);
    expectErrorShape(history.body, 'not_found');
    const route = await call('GET', '/v1/no-such-route');
    expect(route.status).toBe(404);
    expectErrorShape(route.body, 'not_found');
  });

  it('rate_limited → 429 with Retry-After once an enterprise key passes its per_minute limit', async () => {
    const created = await call('POST', '/v1/keys', {
      name: 'Tight enterprise key',
      kind: 'secret',
      plan: 'enterprise',
      rate_limit: { per_minute: 2, per_day: 100 },
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk_/);
    expect(created.body.rate_limit).toEqual({ per_minute: 2, per_day: 100 });
    const authorization = `Bearer ${created.body.key as string}`;

    const first = await call('GET', '/v1/apps', undefined, { authorization });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    const second = await call('GET', '/v1/apps', undefined, { authorization });
    expect(second.status).toBe(200);
    expect(second.headers.get('x-ratelimit-remaining')).toBe('0');

    const third = await call(
      'POST',
      `/v1/apps/${appId}/execute`,
      { message: "What's my order status?" },
      { authorization },
    );
    expect(third.status).toBe(429);
    expectErrorShape(third.body, 'rate_limited');
    const retryAfter = Number(third.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(third.headers.get('x-ratelimit-limit')).toBe('2');
    expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});

describe('Rate Limit Headers', () => {
  async function keyOfPlan(plan: 'free' | 'pro'): Promise<string> {
    const created = await call('POST', '/v1/keys', { name: `${plan} key`, kind: 'secret', plan });
    expect(created.status).toBe(201);
    expect(created.body.plan).toBe(plan);
    return created.body.key as string;
  }

  function expectResetInNextMinute(headers: Headers) {
    const reset = Number(headers.get('x-ratelimit-reset'));
    const nowSeconds = Date.now() / 1000;
    expect(Number.isInteger(reset)).toBe(true);
    expect(reset).toBeGreaterThan(nowSeconds);
    expect(reset).toBeLessThanOrEqual(Math.ceil(nowSeconds) + 61);
  }

  it('a pro key shows the seed example: X-RateLimit-Limit 600, Remaining 599, then 598', async () => {
    const authorization = `Bearer ${await keyOfPlan('pro')}`;
    const first = await call('GET', '/v1/apps', undefined, { authorization });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('600');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('599');
    expectResetInNextMinute(first.headers);
    const second = await call('GET', '/v1/apps', undefined, { authorization });
    expect(second.headers.get('x-ratelimit-limit')).toBe('600');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('598');
    expect(second.headers.get('x-ratelimit-reset')).toBe(first.headers.get('x-ratelimit-reset'));
  });

  it('a free key shows 60 and counts down', async () => {
    const authorization = `Bearer ${await keyOfPlan('free')}`;
    const first = await call('GET', '/v1/apps', undefined, { authorization });
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('59');
    expectResetInNextMinute(first.headers);
    const second = await call('GET', `/v1/apps/${appId}/sessions/sess_invalid/history`, undefined, {
      authorization,
    });
    expect(second.status).toBe(404);
    expect(second.headers.get('x-ratelimit-limit')).toBe('60');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('58');
  });

  it('every authenticated answer carries the three headers, created or refused', async () => {
    const created = await call('POST', `/v1/apps/${appId}/sessions`, {});
    const refused = await call('POST', `/v1/apps/${appId}/execute`, {});
    for (const answer of [created, refused]) {
      expect(Number(answer.headers.get('x-ratelimit-limit'))).toBe(100_000);
      expect(Number.isInteger(Number(answer.headers.get('x-ratelimit-remaining')))).toBe(true);
      expectResetInNextMinute(answer.headers);
    }
    expect(created.status).toBe(201);
    expect(refused.status).toBe(400);
  });
});

describe('Publishable keys (pk_…)', () => {
  it('may create a session, execute and read its history, and nothing else', async () => {
    const { appId: demoAppId, publishableKey } = parley.running.demo;
    expect(publishableKey).toMatch(/^pk_/);
    const authorization = `Bearer ${publishableKey}`;
    const created = await call(
      'POST',
      `/v1/apps/${demoAppId}/sessions`,
      { user_id: 'user_456' },
      { authorization },
    );
    expect(created.status).toBe(201);
    const sessionId = created.body.session_id as string;
    model.enqueue({ content: 'Hello from the demo.' });
    const executed = await call(
      'POST',
      `/v1/apps/${demoAppId}/execute`,
      { message: 'Hi', session_id: sessionId },
      {
        authorization,
      },
    );
    expect(executed.status).toBe(200);
    expect(executed.body.response).toBe('Hello from the demo.');
    const history = await call('GET', `/v1/apps/${demoAppId}/sessions/${sessionId}/history`, undefined, {
      authorization,
    });
    expect(history.status).toBe(200);
    expect((history.body.messages as JsonObject[]).length).toBe(2);

    const ended = await call('DELETE', `/v1/apps/${demoAppId}/sessions/${sessionId}`, undefined, {
      authorization,
    });
    expect(ended.status).toBe(403);
    expect((ended.body.error as JsonObject).code).toBe('permission_error');
    const listed = await call('GET', '/v1/apps', undefined, { authorization });
    expect(listed.status).toBe(403);
    expect((listed.body.error as JsonObject).code).toBe('permission_error');
    const otherApp = await call('POST', `/v1/apps/${appId}/execute`, { message: 'Hi' }, { authorization });
    expect(otherApp.status).toBe(403);
    expect((otherApp.body.error as JsonObject).code).toBe('permission_error');
  });
});
