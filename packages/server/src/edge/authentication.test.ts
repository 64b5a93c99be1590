import type { Engine } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineWithKeys, openEngineWithKeys } from '../../test/support/engine-with-keys.js';
import { authenticateSocketCredential, bearerCredential, principalOf } from './authentication.js';
import { FailedAuthenticationThrottle } from './rate-limits/failed-authentication.js';

const shopOrigin = 'http://shop.test';
let engine: Engine;
let adminKey: string;
let widgetKey: string;

let opened: EngineWithKeys;

beforeAll(async () => {
  opened = await openEngineWithKeys('parley-edge-auth-', shopOrigin);
  ({ engine, adminKey, widgetKey } = opened);
});

afterAll(async () => {
  await opened.close();
});

/** What a call throws, or null when it resolves. */
async function refusalOf(call: Promise<unknown>): Promise<Record<string, unknown> | null> {
  return call.then(
    () => null,
    (error: unknown) => error as Record<string, unknown>,
  );
}

describe('bearerCredential', () => {
  it('reads the key of an Authorization: Bearer header, in any case and with trailing spaces', () => {
    expect(bearerCredential('Bearer sk_abc')).toBe('sk_abc');
    expect(bearerCredential('bearer   sk_abc  ')).toBe('sk_abc');
    expect(bearerCredential(undefined)).toBeUndefined();
    expect(bearerCredential('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerCredential('Bearer two words')).toBeUndefined();
  });
});

describe('authenticateSocketCredential', () => {
  it('answers who the key is, from an origin the key lists', async () => {
    const principal = await authenticateSocketCredential(widgetKey, shopOrigin, { engine });
    expect(principal.kind).toBe('publishable');
  });

  it('refuses a handshake without a key with 401 and says where the key goes', async () => {
    expect(await refusalOf(authenticateSocketCredential(undefined, shopOrigin, { engine }))).toMatchObject({
      status: 401,
      code: 'authentication_error',
      details: { hint: 'Connect with auth: {key}' },
    });
  });

  it('refuses an unknown key with 401 and a foreign origin with 403', async () => {
    expect(await refusalOf(authenticateSocketCredential('pk_unknown', shopOrigin, { engine }))).toMatchObject(
      {
        status: 401,
        code: 'authentication_error',
      },
    );
    expect(
      await refusalOf(authenticateSocketCredential(widgetKey, 'http://evil.test', { engine })),
    ).toMatchObject({ status: 403, code: 'permission_error', details: { origin: 'http://evil.test' } });
  });
});

describe('principalOf with the failed-attempt throttle', () => {
  it('refuses every key from an address past its failures with 429, and no other address', async () => {
    const throttle = new FailedAuthenticationThrottle(3);
    const guesser = { engine, throttle, clientIp: '203.0.113.7' };
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect(await refusalOf(principalOf(`sk_guess_${attempt}`, guesser))).toMatchObject({ status: 401 });
    const blocked = await refusalOf(principalOf(adminKey, guesser));
    expect(blocked).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = (blocked?.details as { retry_after_seconds?: number } | undefined)
      ?.retry_after_seconds;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const neighbour = { engine, throttle, clientIp: '203.0.113.8' };
    expect((await principalOf(adminKey, neighbour)).kind).toBe('secret');
  });

  it('does not count successes against the address', async () => {
    const throttle = new FailedAuthenticationThrottle(2);
    const client = { engine, throttle, clientIp: '198.51.100.1' };
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect((await principalOf(adminKey, client)).kind).toBe('secret');
  });

  it('counts nothing when turned off (0)', async () => {
    const throttle = new FailedAuthenticationThrottle(0);
    const client = { engine, throttle, clientIp: '198.51.100.2' };
    for (let attempt = 0; attempt < 5; attempt += 1)
      expect(await refusalOf(principalOf('sk_wrong', client))).toMatchObject({ status: 401 });
    expect((await principalOf(adminKey, client)).kind).toBe('secret');
  });
});
