import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CuttableProxy, startCuttableProxy } from '../packages/store-postgres/test/cuttable-proxy.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/**
 * Issue 12: Parley on PostgreSQL (`DATABASE_URL`) while the database goes away and comes back. The
 * database is reached through a TCP proxy the test cuts, so the real one is never touched.
 */
describe('Parley on PostgreSQL when the database goes away', () => {
  let proxy: CuttableProxy;
  let parley: ParleyHarness;
  const schema = newTestSchema();

  beforeAll(async () => {
    const target = new URL(testDatabaseUrl);
    proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(testDatabaseUrl);
    viaProxy.port = String(proxy.port);
    parley = await startParleyHarness({
      model: 'offline',
      environment: { DATABASE_URL: viaProxy.toString(), PARLEY_DATABASE_SCHEMA: schema },
    });
  });

  afterAll(async () => {
    await parley?.stop();
    await proxy?.close();
    await dropSchema(schema);
  });

  async function until(check: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('never happened');
  }

  it('answers 503 unavailable with Retry-After at once, says so on /readyz, and serves again by itself', async () => {
    expect((await fetch(`${parley.url}/readyz`)).status).toBe(200);
    expect((await parley.request('GET', '/v1/apps')).status).toBe(200);

    await proxy.cut();
    const refused = await parley.request('GET', '/v1/apps');
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({
      error: {
        code: 'unavailable',
        message: 'The database cannot be reached right now; try again shortly',
        details: { retry_after_seconds: 5 },
      },
    });
    await until(async () => (await fetch(`${parley.url}/readyz`)).status === 503);
    const readiness = await (await fetch(`${parley.url}/readyz`)).json();
    expect(readiness).toMatchObject({ status: 'unavailable', store: { writable: false } });
    expect(readiness.store.warnings.join(' ')).toMatch(/database cannot be reached/);

    await proxy.restore();
    await until(async () => (await parley.request('GET', '/v1/apps')).status === 200);
    await until(async () => (await fetch(`${parley.url}/readyz`)).status === 200);
    const created = await parley.request('POST', '/v1/agents', { name: 'After', system_prompt: 'Help.' });
    expect(created.status).toBe(201);
  }, 60_000);
});
