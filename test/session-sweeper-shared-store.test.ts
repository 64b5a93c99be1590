/**
 * The session sweeper on PostgreSQL, shared by two nodes: a sweep reads only the sessions that are
 * due (not every active one, loaded once into memory as it did before), and a node ends the
 * sessions another node opened after it started.
 */
import { Engine, put, type SessionRecord, type Store } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SteppingClock } from './support/engine-on-disk.js';
import { StoreReads } from './support/store-reads.js';

const minute = 60_000;

async function newApp(engine: Engine, name: string, ttlSeconds: number): Promise<string> {
  const agent = await engine.agents.create({ name: `${name} agent` } as never);
  const app = await engine.apps.create({
    name,
    agents: [agent.id],
    session_ttl_seconds: ttlSeconds,
  } as never);
  return app.id;
}

describe('the session sweeper on a store shared by two nodes', () => {
  const engines: Engine[] = [];
  let raw: Store | null = null;
  let schema = '';
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
    await raw?.close();
    if (schema) await dropSchema(schema);
  });

  it('reads only the due sessions, and ends those another node opened after it started', async () => {
    schema = newTestSchema();
    const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
    const open = async (reads?: StoreReads) => {
      const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
      const engine = new Engine({
        store: reads ? reads.wrap(store) : store,
        model: new OfflineModel(),
        clock,
      });
      engines.push(engine);
      return engine;
    };
    const nodeA = await open();
    const reads = new StoreReads();
    const nodeB = await open(reads);

    // 2,000 sessions active for a week, opened on node A.
    const longLived = await newApp(nodeA, 'Long', 7 * 24 * 3600);
    const { session_id: firstId } = await nodeA.sessions.create(longLived, {});
    const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
    raw = store;
    const stored = (await store.get('sessions', firstId)) as SessionRecord;
    await store.write(
      Array.from({ length: 2_000 }, (_, index) =>
        put('sessions', { ...stored, id: `${stored.id}_${String(index).padStart(4, '0')}` }),
      ),
    );

    expect(await nodeB.sessions.sweepExpired()).toBe(0);
    expect(reads.of('sessions')).toBe(0);

    // Opened on node A after node B's first sweep: node B ends them when they are due.
    const shortLived = await newApp(nodeA, 'Short', 600);
    const short = [await nodeA.sessions.create(shortLived, {}), await nodeA.sessions.create(shortLived, {})];
    clock.advance(11 * minute);
    expect(await nodeB.sessions.sweepExpired()).toBe(2);
    for (const { session_id: id } of short)
      expect(await store.get('sessions', id)).toMatchObject({ status: 'ended', end_reason: 'expired' });
    // The two due ones, read in the range and again under their locks; none of the 2,001 others.
    expect(reads.of('sessions')).toBeLessThanOrEqual(8);
  }, 60_000);
});
