import { freePort, TestRedisServer } from '@parley/coordination-redis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

/** Polls until `check` passes (the connection comes back by itself, in the background). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('A server with REDIS_URL', () => {
  let redis: TestRedisServer;
  let first: ParleyHarness;
  let second: ParleyHarness;

  beforeAll(async () => {
    redis = new TestRedisServer(await freePort());
    await redis.start();
    const environment = {
      REDIS_URL: redis.url,
      PARLEY_REDIS_PREFIX: 'two-nodes:',
      PARLEY_AUTH_FAILURES_PER_MINUTE: '3',
    };
    first = await startParleyHarness({ model: 'offline', environment });
    second = await startParleyHarness({ model: 'offline', environment });
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await redis?.stop();
  });

  it('answers 503 unavailable with Retry-After while Redis is down, and recovers by itself', async () => {
    const ready = await first.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', redis: 'ready' });

    await redis.stop();
    await eventually(async () => expect((await first.request('GET', '/readyz')).status).toBe(503));
    const notReady = await first.request('GET', '/readyz');
    expect(await notReady.json()).toMatchObject({ status: 'unavailable', redis: 'unavailable' });
    expect(notReady.headers.get('retry-after')).toBe('5');

    const refused = await first.request('GET', '/v1/apps');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({
      error: { code: 'unavailable', message: expect.any(String), details: { retry_after_seconds: 5 } },
    });

    await redis.start();
    await eventually(async () => {
      expect((await first.request('GET', '/readyz')).status).toBe(200);
      expect((await second.request('GET', '/v1/apps')).status).toBe(200);
    });
    expect((await first.request('GET', '/v1/apps')).status).toBe(200);
  });

  it('acknowledges a widget message with 503 unavailable while Redis is down, and answers it once Redis is back', async () => {
    const appId = first.running.demo.appId;
    const created = await first.request('POST', '/v1/keys', {
      name: 'site',
      kind: 'publishable',
      app_id: appId,
      allowed_origins: ['https://shop.example'],
    });
    const key = await created.json();
    expect(created.status, JSON.stringify(key)).toBe(201);
    const socket = await connectSocket(first.url, key.key, { origin: 'https://shop.example' });
    try {
      await redis.stop();
      await eventually(async () => expect((await first.request('GET', '/readyz')).status).toBe(503));
      const refused = await socket.emitWithAck('execute', {
        app_id: appId,
        message: 'Hello?',
        request_id: 'request-during-outage',
      });
      expect(refused).toEqual({
        ok: false,
        error: { code: 'unavailable', message: expect.any(String), details: { retry_after_seconds: 5 } },
      });
      expect(socket.connected).toBe(true);

      await redis.start();
      await eventually(async () => expect((await first.request('GET', '/readyz')).status).toBe(200));
      const answered = await socket.emitWithAck('execute', {
        app_id: appId,
        message: 'Hello?',
        request_id: 'request-during-outage',
      });
      expect(answered).toEqual({ ok: true });
    } finally {
      socket.close();
    }
  });

  // Last: it blocks this address for the rest of the minute.
  it('counts failed authentications of one address on every node together', async () => {
    const guess = (harness: ParleyHarness) =>
      harness.request('GET', '/v1/apps', undefined, { authorization: 'Bearer sk_wrong_guess' });
    expect((await guess(first)).status).toBe(401);
    expect((await guess(second)).status).toBe(401);
    expect((await guess(first)).status).toBe(401);
    // The fourth guess of the minute, on the other node: over the limit of 3 shared by both.
    const refused = await guess(second);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('A server started while Redis is down', () => {
  it('starts, answers /readyz 503 until Redis comes up, then serves', async () => {
    const late = new TestRedisServer(await freePort());
    const harness = await startParleyHarness({
      model: 'offline',
      environment: { REDIS_URL: late.url, PARLEY_REDIS_PREFIX: 'late:' },
    });
    try {
      expect((await harness.request('GET', '/readyz')).status).toBe(503);
      expect((await harness.request('GET', '/v1/apps')).status).toBe(503);
      await late.start();
      await eventually(async () => expect((await harness.request('GET', '/readyz')).status).toBe(200));
      expect((await harness.request('GET', '/v1/apps')).status).toBe(200);
    } finally {
      await harness.stop();
      await late.stop();
    }
  });
});

describe('A server without REDIS_URL', () => {
  it('is ready on its own, as before', async () => {
    const harness = await startParleyHarness({ model: 'offline', environment: { REDIS_URL: '' } });
    try {
      const ready = await harness.request('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(await ready.json()).not.toHaveProperty('redis');
    } finally {
      await harness.stop();
    }
  });
});
