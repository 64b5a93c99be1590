import { ParleyError, put } from '@parley/engine';
import { sessionRecord } from '@parley/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type CuttableProxy, startCuttableProxy } from '../test/cuttable-proxy.js';
import { PostgresStore } from './postgres-store.js';
import { dropSchema, newTestSchema, testDatabaseUrl } from './testing.js';

const target = new URL(testDatabaseUrl);
let proxy: CuttableProxy | undefined;
let store: PostgresStore | undefined;
let schema = '';

afterEach(async () => {
  await store?.close();
  await proxy?.close();
  await dropSchema(schema);
});

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('never happened');
}

describe('PostgresStore when the database goes away', () => {
  it('answers unavailable at once while it is gone, says so in its health, and recovers by itself', async () => {
    proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    schema = newTestSchema();
    const viaProxy = new URL(testDatabaseUrl);
    viaProxy.port = String(proxy.port);
    store = await PostgresStore.open({
      connectionString: viaProxy.toString(),
      schema,
      connectionTimeoutMs: 2_000,
    });
    const session = sessionRecord();
    await store.write([put('sessions', session)]);
    expect(store.health().writable).toBe(true);

    await proxy.cut();
    const failure = await store.get('sessions', session.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ParleyError);
    expect((failure as ParleyError).code).toBe('unavailable');
    expect((failure as ParleyError).status).toBe(503);
    await expect(store.write([put('sessions', sessionRecord())])).rejects.toMatchObject({
      code: 'unavailable',
    });
    expect(store.health().writable).toBe(false);
    expect(store.health().warnings.join(' ')).toMatch(/database cannot be reached/);

    await proxy.restore();
    // Nothing to do: the next queries open new connections, and health follows.
    await until(
      async () => (await store?.get('sessions', session.id).catch(() => undefined))?.id === session.id,
    );
    await until(() => store?.health().writable === true);
    await store.write([put('sessions', { ...session, message_count: 3 })]);
    expect((await store.get('sessions', session.id))?.message_count).toBe(3);
  }, 30_000);
});
