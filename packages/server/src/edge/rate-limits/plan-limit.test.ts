import type { Principal } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { planRefusal, RateLimiter } from './plan-limit.js';

const publicIpLimit = { per_minute: 5, per_day: 100 };
const secret: Principal = {
  kind: 'secret',
  id: 'key_secret',
  plan: 'free',
  rateLimit: { per_minute: 3, per_day: 1_000 },
};
const widget: Principal = {
  kind: 'publishable',
  id: 'key_widget',
  plan: 'pro',
  rateLimit: { per_minute: 1_000, per_day: 10_000 },
  appId: 'app_1',
  agentId: null,
  allowedOrigins: ['*'],
};

describe('RateLimiter', () => {
  it('describes the window closest to its limit, then refuses past it with a Retry-After', async () => {
    const limiter = new RateLimiter(publicIpLimit);
    const before = Math.floor(Date.now() / 1000);
    const first = await limiter.check(secret, '203.0.113.7');
    expect(first).toMatchObject({ limit: 3, remaining: 2, retryAfterSeconds: null });
    expect(first.resetSeconds).toBeGreaterThan(before);
    expect(first.resetSeconds).toBeLessThanOrEqual(before + 61);
    await limiter.check(secret, '203.0.113.7');
    expect(await limiter.check(secret, '203.0.113.7')).toMatchObject({
      remaining: 0,
      retryAfterSeconds: null,
    });

    const over = await limiter.check(secret, '203.0.113.7');
    expect(over.remaining).toBe(0);
    expect(over.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(over.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(planRefusal(over)).toMatchObject({
      status: 429,
      code: 'rate_limited',
      details: { retry_after_seconds: over.retryAfterSeconds },
    });
  });

  it('counts a secret key wherever it is used from', async () => {
    const limiter = new RateLimiter(publicIpLimit);
    await limiter.check(secret, '203.0.113.1');
    await limiter.check(secret, '203.0.113.2');
    await limiter.check(secret, '203.0.113.3');
    await expect(limiter.enforce(secret, '203.0.113.4')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('also limits a publishable key per client IP, leaving other visitors alone', async () => {
    const limiter = new RateLimiter(publicIpLimit);
    for (let call = 0; call < publicIpLimit.per_minute; call += 1)
      await limiter.enforce(widget, '198.51.100.1');
    await expect(limiter.enforce(widget, '198.51.100.1')).rejects.toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    const other = await limiter.enforce(widget, '198.51.100.2');
    expect(other).toMatchObject({ limit: publicIpLimit.per_minute, remaining: publicIpLimit.per_minute - 1 });
  });
});

describe('planRefusal', () => {
  it('is null within the limits', () => {
    expect(planRefusal({ limit: 3, remaining: 1, resetSeconds: 0, retryAfterSeconds: null })).toBeNull();
  });
});
