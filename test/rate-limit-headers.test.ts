import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/**
 * The contract: every authenticated answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` — refusals included, so a client always knows where it stands.
 */

function rateLimitHeaders(response: Response) {
  return {
    limit: response.headers.get('x-ratelimit-limit'),
    remaining: response.headers.get('x-ratelimit-remaining'),
    reset: response.headers.get('x-ratelimit-reset'),
  };
}

function expectRateLimitHeaders(response: Response, limit: number): void {
  const headers = rateLimitHeaders(response);
  expect(headers.limit, `${response.status} ${response.url}`).toBe(String(limit));
  expect(Number(headers.remaining)).toBeGreaterThanOrEqual(0);
  expect(Number(headers.reset)).toBeGreaterThan(Date.now() / 1000 - 1);
}

describe('X-RateLimit-* on every authenticated answer', () => {
  let parley: ParleyHarness;
  let publishableKey = '';

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_IP_LIMIT_PER_MINUTE: '5000', PARLEY_IP_LIMIT_PER_DAY: '50000' },
    });
    const created = await parley.request('POST', '/v1/keys', {
      name: 'Site widget',
      kind: 'publishable',
      plan: 'enterprise',
      rate_limit: { per_minute: 777, per_day: 100_000 },
      app_id: parley.running.demo.appId,
      allowed_origins: ['https://shop.example'],
    });
    expect(created.status).toBe(201);
    publishableKey = ((await created.json()) as { key: string }).key;
  });

  afterAll(async () => {
    await parley?.stop();
  });

  it('on the 403 for a web origin the publishable key does not list', async () => {
    const refused = await fetch(`${parley.url}/v1/apps/${parley.running.demo.appId}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${publishableKey}`, origin: 'https://evil.example' },
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('permission_error');
    expectRateLimitHeaders(refused, 777);
  });

  it('on the 404 for an unknown /v1 route or method, and the request is counted', async () => {
    const first = await parley.request('GET', '/v1/nothing-here');
    expect(first.status).toBe(404);
    const limit = Number(first.headers.get('x-ratelimit-limit'));
    expectRateLimitHeaders(first, limit);
    const second = await parley.request('PUT', `/v1/apps/${parley.running.demo.appId}`);
    expect(second.status).toBe(404);
    expectRateLimitHeaders(second, limit);
    expect(Number(second.headers.get('x-ratelimit-remaining'))).toBe(
      Number(first.headers.get('x-ratelimit-remaining')) - 1,
    );
  });

  it('on the 400 for a path that is not valid percent-encoding (found by the fuzzer)', async () => {
    for (const pathname of [
      '/v1/agents/%C3%28',
      `/v1/apps/${parley.running.demo.appId}/sessions/%E0%A4%A/history`,
    ]) {
      const refused = await parley.request('GET', pathname);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
      expectRateLimitHeaders(refused, Number(refused.headers.get('x-ratelimit-limit')));
      expect(Number(refused.headers.get('x-ratelimit-limit'))).toBeGreaterThan(0);
    }
    const withoutKey = await fetch(`${parley.url}/v1/agents/%C3%28`);
    expect(withoutKey.status).toBe(401);
  });

  it('an unknown /v1 route asks for a key like every /v1 call, and a path outside /v1 stays a plain 404', async () => {
    const withoutKey = await fetch(`${parley.url}/v1/nothing-here`);
    expect(withoutKey.status).toBe(401);
    expect(((await withoutKey.json()) as { error: { code: string } }).error.code).toBe(
      'authentication_error',
    );
    const outside = await parley.request('GET', '/definitely/not/an/api');
    expect(outside.status).toBe(404);
    expect(outside.headers.get('x-ratelimit-limit')).toBeNull();
  });
});
