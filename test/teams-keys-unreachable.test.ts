/**
 * Issue 14: with `MICROSOFT_APP_ID` set and the Bot Framework's signing keys unreachable, a token
 * that claims the Bot Framework as its issuer cannot be checked. Parley answers 503 `unavailable`
 * with `Retry-After` (the Bot Framework retries), never 500, and does
 * not fetch the keys again for every request: a failed fetch is remembered for the Retry-After.
 * The key endpoint here is a local server (the outside world's fake) named by
 * `MICROSOFT_BOT_OPENID_METADATA_URL`, as a sovereign cloud would set it.
 */
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postActivity, teamsMessage, tenantId } from './support/bot-framework-driver.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { dana, personal } from './support/teams-users.js';

const appId = '00000000-0000-0000-0000-00000000b07f';

/** An RS256 token that names the Bot Framework as issuer, signed by a key it never published. */
function forgedBotFrameworkToken(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'RS256', typ: 'JWT', kid: 'forged-key' });
  const payload = encode({
    iss: 'https://api.botframework.com',
    aud: appId,
    serviceurl: 'http://127.0.0.1/',
    nbf: now - 60,
    exp: now + 3600,
  });
  const signature = sign(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })),
  );
  return `${header}.${payload}.${signature.toString('base64url')}`;
}

describe('Teams when the Bot Framework keys cannot be fetched', () => {
  let parley: ParleyHarness;
  let keyServer: Server;
  let keyFetches = 0;

  beforeAll(async () => {
    keyServer = createServer((_request, response) => {
      keyFetches += 1;
      response.writeHead(503).end('down');
    });
    await new Promise<void>((resolve) => keyServer.listen(0, '127.0.0.1', resolve));
    const { port } = keyServer.address() as AddressInfo;
    parley = await startParleyHarness({
      model: 'offline',
      environment: {
        MICROSOFT_APP_ID: appId,
        MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
        MICROSOFT_APP_TENANT_ID: tenantId,
        MICROSOFT_BOT_OPENID_METADATA_URL: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
        PARLEY_ALLOW_PRIVATE_URLS: '1',
      },
    });
  });
  afterAll(async () => {
    await parley?.stop();
    await new Promise<void>((resolve) => keyServer?.close(() => resolve()));
  });

  it('answers 503 unavailable with Retry-After, not 500, and fetches the keys once for many requests', async () => {
    const sessionsBefore = await parley.running.store.count('sessions');
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const activity = teamsMessage({
        serviceUrl: 'http://127.0.0.1:9/',
        conversation: personal(),
        user: dana,
        text: 'Hello?',
      });
      answers.push(
        await postActivity(parley, activity, { authorization: `Bearer ${forgedBotFrameworkToken()}` }),
      );
    }
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    }
    expect(keyFetches).toBe(1);
    expect(await parley.running.store.count('sessions')).toBe(sessionsBefore);
  });

  it('still refuses a token of another issuer with 401 at once', async () => {
    const activity = teamsMessage({
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: personal(),
      user: dana,
      text: 'Hi',
    });
    const missing = await postActivity(parley, activity);
    expect(missing.status).toBe(401);
  });
});
