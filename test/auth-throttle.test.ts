import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

/**
 * Issue 9, item 11: guessing keys or share tokens is slowed per client IP. Behind a trusted proxy
 * (`PARLEY_TRUST_PROXY`), each `X-Forwarded-For` address is its own client, as for the other per-IP limits.
 */
describe('failed authentication, per client IP', () => {
  let parley: ParleyHarness;
  const wrongKey = (index: number) => `sk_wrong_${String(index).padStart(40, '0')}`;
  const from = (address: string, key: string) => ({
    authorization: `Bearer ${key}`,
    'x-forwarded-for': address,
  });

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline', environment: { PARLEY_TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('answers 429 rate_limited with Retry-After once an address has failed 20 times in a minute', async () => {
    const attacker = '203.0.113.7';
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        parley.request('GET', '/v1/apps', undefined, from(attacker, wrongKey(index))),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(180);
    const refused = answers.find((answer) => answer.status === 429) as Response;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = await refused.json();
    expect(body).toEqual({
      error: {
        code: 'rate_limited',
        message: 'Too many failed authentication attempts from this address',
        details: { retry_after_seconds: retryAfter },
      },
    });

    // Still blocked: even the right key is refused from that address, so a guess cannot be confirmed.
    const rightKeyThere = await parley.request('GET', '/v1/apps', undefined, from(attacker, parley.adminKey));
    expect(rightKeyThere.status).toBe(429);
    expect(rightKeyThere.headers.get('retry-after')).not.toBeNull();

    // Everyone else is untouched: the right key works, and a wrong one is an ordinary 401.
    const neighbour = '198.51.100.9';
    const rightKey = await parley.request('GET', '/v1/apps', undefined, from(neighbour, parley.adminKey));
    expect(rightKey.status).toBe(200);
    const typo = await parley.request('GET', '/v1/apps', undefined, from(neighbour, wrongKey(1)));
    expect(typo.status).toBe(401);
  });

  it('answers a client with the right key sending more requests at once than the failure limit', async () => {
    const busy = '198.51.100.21';
    const answers = await Promise.all(
      Array.from({ length: 60 }, () =>
        parley.request('GET', '/v1/apps', undefined, from(busy, parley.adminKey)),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(200));
  });

  it('counts the right key as no failure', async () => {
    const busy = '198.51.100.20';
    for (let index = 0; index < 30; index += 1) {
      const answer = await parley.request('GET', '/v1/apps', undefined, from(busy, parley.adminKey));
      expect(answer.status).toBe(200);
    }
    const typo = await parley.request('GET', '/v1/apps', undefined, from(busy, wrongKey(2)));
    expect(typo.status).toBe(401);
  });

  it('counts an IPv6 client by its /64, so rotating through one site’s addresses does not escape the limit', async () => {
    const site = (host: number) => `2001:db8:77:1::${host.toString(16)}`;
    for (let host = 1; host <= 20; host += 1) {
      const answer = await parley.request('GET', '/v1/apps', undefined, from(site(host), wrongKey(host)));
      expect(answer.status).toBe(401);
    }
    const rotated = await parley.request('GET', '/v1/apps', undefined, from(site(0xbeef), wrongKey(21)));
    expect(rotated.status).toBe(429);
    const otherSite = await parley.request(
      'GET',
      '/v1/apps',
      undefined,
      from('2001:db8:77:2::1', wrongKey(22)),
    );
    expect(otherSite.status).toBe(401);
  });

  it('counts failed Socket.IO handshakes too, and refuses the handshake of a blocked address', async () => {
    const guesser = '203.0.113.44';
    const handshake = (key: string) =>
      connectSocket(parley.url, key, { headers: { 'x-forwarded-for': guesser } }).then(
        (socket) => {
          socket.close();
          return 'connected';
        },
        (error: { data?: { code?: string; details?: { retry_after_seconds?: number } } }) =>
          error.data?.code ?? 'no code',
      );
    const outcomes: string[] = [];
    for (let index = 0; index < 20; index += 1) outcomes.push(await handshake(`pk_wrong_${index}_guess`));
    expect(outcomes).toEqual(Array.from({ length: 20 }, () => 'authentication_error'));
    expect(await handshake(parley.running.demo.publishableKey as string)).toBe('rate_limited');
    // The same address over HTTP is blocked too; the demo key still connects from elsewhere.
    const overHttp = await parley.request('GET', '/v1/apps', undefined, from(guesser, parley.adminKey));
    expect(overHttp.status).toBe(429);
    const elsewhere = await connectSocket(parley.url, parley.running.demo.publishableKey as string, {
      headers: { 'x-forwarded-for': '198.51.100.44' },
    });
    elsewhere.close();
  });

  it('counts wrong share tokens on the share page, answering a blocked address 429 with Retry-After', async () => {
    const agent = await (await parley.request('POST', '/v1/agents', { name: 'Shared' })).json();
    const share = await (
      await parley.request('POST', `/v1/agents/${agent.id}/share`, { expires_in: 24 })
    ).json();
    const page = (token: string, address: string) =>
      fetch(`${parley.url}/shared/${agent.id}?token=${encodeURIComponent(token)}`, {
        headers: { 'x-forwarded-for': address },
      });
    const guesser = '203.0.113.90';
    for (let index = 0; index < 20; index += 1) {
      expect((await page(`shr_guess_${index}_token`, guesser)).status).toBe(404);
    }
    const blocked = await page(share.token, guesser);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await blocked.text()).toContain('Too many attempts');
    expect((await page(share.token, '198.51.100.90')).status).toBe(200);
  });
});
