import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Principal } from '@parley/engine';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../edge/rate-limits/plan-limit.js';
import { createLogger } from '../../../logger.js';
import { answerErrors } from '../error-handler/index.js';
import { rateLimit } from './index.js';

const servers: Server[] = [];
afterAll(() => {
  for (const server of servers) server.close();
});

/** The caller as `authenticate` would have established it: a secret key allowed 2 calls a minute. */
const caller: Principal = {
  kind: 'secret',
  id: 'key_small',
  plan: 'free',
  rateLimit: { per_minute: 2, per_day: 100 },
};

async function serve(): Promise<string> {
  const app = express();
  app.get(
    '/counted',
    (_request, response, next) => {
      response.locals.principal = caller;
      next();
    },
    rateLimit(new RateLimiter({ per_minute: 30, per_day: 1_000 })),
    (_request, response) => {
      response.json({ ok: true });
    },
  );
  app.use(answerErrors(createLogger('silent')));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/counted`;
}

describe('rateLimit', () => {
  it('puts X-RateLimit-* on every answer within the plan', async () => {
    const url = await serve();
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(first.headers.get('retry-after')).toBeNull();
    expect((await fetch(url)).headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('answers 429 with Retry-After and the contract error past the plan', async () => {
    const url = await serve();
    await fetch(url);
    await fetch(url);
    const over = await fetch(url);
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await over.json()).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many requests',
        details: { retry_after_seconds: retryAfter },
      },
    });
  });
});
