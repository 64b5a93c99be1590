import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoRecords } from '../../../demo/demo-records.js';
import { FailedAuthenticationThrottle } from '../../../edge/rate-limits/failed-authentication.js';
import { createLogger } from '../../../logger.js';
import { answerErrors } from '../error-handler/index.js';
import { authenticate, refuseForeignOrigin } from './index.js';

const shopOrigin = 'http://shop.test';
const folder = mkdtempSync(path.join(tmpdir(), 'parley-authenticate-'));
const servers: Server[] = [];
let engine: Engine;
let adminKey: string;
let widgetKey: string;

beforeAll(async () => {
  const store = await LowdbStore.open({ directory: folder });
  engine = new Engine({ store, model: new OfflineModel() });
  const boot = await engine.bootstrap({});
  adminKey = boot.createdAdminKey ?? '';
  widgetKey = (await openDemoRecords(engine, store, [shopOrigin])).publishableKey ?? '';
});

afterAll(async () => {
  for (const server of servers) server.close();
  await engine.close();
  rmSync(folder, { recursive: true, force: true });
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
