import { authenticateConsoleCookie } from '@parley/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRequest, createOperator, sessionCookieOf } from './support/console.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const ownerEmail = 'founder@example.com';
const ownerPassword = 'a passphrase nobody guesses 7';

/** Issue 11, security of the console's sign-in: CSRF, fixation, lockout, secrets at rest. */
describe('console sign-in security', () => {
  let harness: ParleyHarness;
  beforeAll(async () => {
    harness = await startParleyHarness({
      model: 'offline',
      environment: {
        PARLEY_ADMIN_EMAIL: ownerEmail,
        PARLEY_ADMIN_PASSWORD: ownerPassword,
        PARLEY_TRUST_PROXY: 'loopback',
      },
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  const signIn = (
    email: string,
    password: string,
    headers: Record<string, string> = {},
    cookie: string | null = null,
  ) => consoleRequest(harness.url, cookie, 'POST', '/v1/console/sign-in', { email, password }, headers);

  it('makes the first owner from PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD, once, and never overwrites it', async () => {
    expect(await (await fetch(`${harness.url}/v1/console/status`)).json()).toEqual({ needs_owner: false });
    const first = await signIn(ownerEmail, ownerPassword);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ operator: { email: ownerEmail, role: 'owner' } });

    await harness.restart({ PARLEY_ADMIN_PASSWORD: 'another password entirely' });
    expect((await signIn(ownerEmail, ownerPassword)).status).toBe(200);
    expect((await signIn(ownerEmail, 'another password entirely')).status).toBe(401);
    const team = (await (await harness.request('GET', '/v1/operators')).json()) as { data: unknown[] };
    expect(team.data).toHaveLength(1);
  });

  it('refuses a cookie-carrying POST from another origin, or without X-Parley-Console (CSRF)', async () => {
    const admin = await createOperator(harness, { role: 'admin' });
    const body = { name: 'Made by a forged request', kind: 'secret' };
    const crossOrigin = await consoleRequest(harness.url, admin.cookie, 'POST', '/v1/keys', body, {
      origin: 'https://evil.example',
    });
    expect(crossOrigin.status).toBe(403);
    expect(
      ((await crossOrigin.json()) as { error: { details: { reason: string } } }).error.details.reason,
    ).toBe('csrf');
    const withoutHeader = await fetch(`${harness.url}/v1/keys`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(withoutHeader.status).toBe(403);
    const keys = (await (await harness.request('GET', '/v1/keys?limit=100')).json()) as {
      data: { name: string }[];
    };
    expect(keys.data.map((key) => key.name)).not.toContain(body.name);

    // The console itself (same origin, with the header) is let through; a read needs no header.
    expect(
      (await consoleRequest(harness.url, admin.cookie, 'POST', '/v1/keys', { ...body, name: 'Mine' })).status,
    ).toBe(201);
    expect((await fetch(`${harness.url}/v1/keys`, { headers: { cookie: admin.cookie } })).status).toBe(200);
    // A sign-in from another site's form is refused too (login CSRF).
    expect((await signIn(ownerEmail, ownerPassword, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('lets the bearer key win over the cookie', async () => {
    const agent = await createOperator(harness, { role: 'agent' });
    expect((await consoleRequest(harness.url, agent.cookie, 'GET', '/v1/keys')).status).toBe(403);
    const both = await consoleRequest(harness.url, agent.cookie, 'GET', '/v1/keys', undefined, {
      authorization: `Bearer ${harness.adminKey}`,
    });
    expect(both.status).toBe(200);
  });

  it('never promotes a cookie planted before sign-in (session fixation), and ends the one it carried', async () => {
    const planted = 'cs_plantedByAnAttacker0123456789abcdefghijklmnop';
    const answer = await signIn(ownerEmail, ownerPassword, {}, planted);
    expect(answer.status).toBe(200);
    const issued = sessionCookieOf(answer);
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    expect((await consoleRequest(harness.url, planted, 'GET', '/v1/console/me')).status).toBe(401);
    expect((await consoleRequest(harness.url, issued, 'GET', '/v1/console/me')).status).toBe(200);

    // A session someone else knows (a shared computer) does not survive the next sign-in on it.
    const again = await signIn(ownerEmail, ownerPassword, {}, issued);
    expect(sessionCookieOf(again)).not.toBe(issued);
    expect((await consoleRequest(harness.url, issued, 'GET', '/v1/console/me')).status).toBe(401);
  });

  it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
    const answer = await signIn(ownerEmail, ownerPassword, {
      'x-forwarded-proto': 'https',
      origin: harness.url.replace('http:', 'https:'),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.getSetCookie().join()).toMatch(/; Secure/);
  });

  it('locks an email after 10 failed sign-ins (429 with Retry-After), even for the right password', async () => {
    const agent = await createOperator(harness, { role: 'agent' });
    for (let attempt = 0; attempt < 10; attempt += 1)
      expect((await signIn(agent.email, `wrong guess ${attempt}`)).status).toBe(401);
    const locked = await signIn(agent.email, agent.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await locked.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/wait/);
    // Others sign in as before.
    expect((await signIn(ownerEmail, ownerPassword)).status).toBe(200);
  });

  it('gives the socket edge the operator of a cookie, and nothing for a signed-out one', async () => {
    const agent = await createOperator(harness, { role: 'agent', name: 'Sam Support' });
    const principal = await authenticateConsoleCookie(harness.running.engine, `theme=dark; ${agent.cookie}`);
    expect(principal).toMatchObject({
      kind: 'secret',
      operator: { id: agent.id, role: 'agent', name: 'Sam Support' },
    });
    await consoleRequest(harness.url, agent.cookie, 'POST', '/v1/console/sign-out');
    expect(await authenticateConsoleCookie(harness.running.engine, agent.cookie)).toBeNull();
    expect(await authenticateConsoleCookie(harness.running.engine, undefined)).toBeNull();
  });

  it('keeps neither passwords nor session tokens in clear in the store', async () => {
    const admin = await createOperator(harness, { role: 'admin', password: 'zebra-umbrella-harmonica-42' });
    const stored = await harness.storedText();
    expect(stored).toContain(admin.email);
    for (const secret of [ownerPassword, admin.password, admin.cookieValue])
      expect(stored).not.toContain(secret);
    expect(stored).toMatch(/scrypt\$15\$8\$1\$/);
  });
});
