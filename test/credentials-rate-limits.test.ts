import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type CreatedKey, expectError, json, rateLimitHeaders } from './support/credentials.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/** The rate limits per key and per client IP, each on a server of its own. */

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
