import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '@parley/engine';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineWithKeys, openEngineWithKeys } from '../../../../test/support/engine-with-keys.js';
import { FailedAuthenticationThrottle } from '../../../edge/rate-limits/failed-authentication.js';
import { createLogger } from '../../../logger.js';
import { answerErrors } from '../error-handler/index.js';
import { authenticate, refuseForeignOrigin } from './index.js';

const shopOrigin = 'http://shop.test';
const servers: Server[] = [];
let engine: Engine;
let adminKey: string;
let widgetKey: string;

let opened: EngineWithKeys;

beforeAll(async () => {
  opened = await openEngineWithKeys('parley-authenticate-', shopOrigin);
  ({ engine, adminKey, widgetKey } = opened);
});

afterAll(async () => {
  for (const server of servers) server.close();
  await opened.close();
});

/** A real server: authenticate, check the origin, answer who called. */
async function serve(failuresPerMinute: number): Promise<string> {
  const app = express();
  app.get(
    '/whoami',
    authenticate(engine, new FailedAuthenticationThrottle(failuresPerMinute)),
    refuseForeignOrigin(),
    (_request, response) => {
      response.json({ kind: response.locals.principal.kind });
    },
  );
  app.use(answerErrors(createLogger('silent')));
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/whoami`;
}

function call(url: string, headers: Record<string, string> = {}) {
  return fetch(url, { headers });
}

describe('authenticate', () => {
  it('answers 401 with a hint when no key is sent', async () => {
    const answer = await call(await serve(20));
    expect(answer.status).toBe(401);
    expect(await answer.json()).toEqual({
      error: {
        code: 'authentication_error',
        message: 'Missing API key',
        details: { hint: 'Send Authorization: Bearer <key>' },
      },
    });
  });

  it('lets a known key through and refuses an unknown one with 401', async () => {
    const url = await serve(20);
    const known = await call(url, { authorization: `Bearer ${adminKey}` });
    expect(known.status).toBe(200);
    expect(await known.json()).toEqual({ kind: 'secret' });
    const unknown = await call(url, { authorization: 'Bearer sk_not_a_key' });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe('authentication_error');
  });

  it('past the failed attempts, refuses even the right key with 429, Retry-After and X-RateLimit-*', async () => {
    const url = await serve(2);
    for (const guess of ['sk_guess_1', 'sk_guess_2'])
      expect((await call(url, { authorization: `Bearer ${guess}` })).status).toBe(401);
    const blocked = await call(url, { authorization: `Bearer ${adminKey}` });
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).error.code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(blocked.headers.get('x-ratelimit-limit')).toBe('2');
    expect(blocked.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(blocked.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });
});

describe('refuseForeignOrigin', () => {
  it('lets a publishable key through from its origin and refuses another origin with 403', async () => {
    const url = await serve(20);
    const fromShop = await call(url, { authorization: `Bearer ${widgetKey}`, origin: shopOrigin });
    expect(fromShop.status).toBe(200);
    const fromElsewhere = await call(url, {
      authorization: `Bearer ${widgetKey}`,
      origin: 'http://evil.test',
    });
    expect(fromElsewhere.status).toBe(403);
    expect(await fromElsewhere.json()).toEqual({
      error: {
        code: 'permission_error',
        message: 'This key may not be used from this web origin',
        details: { origin: 'http://evil.test' },
      },
    });
  });
});
