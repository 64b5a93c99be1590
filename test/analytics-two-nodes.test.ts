/**
 * Two engines on one PostgreSQL schema counting the same app's hour at once: the analytics ledger
 * adds to the hour bucket and the latency bands in SQL (`add`, `parley_add`), and the report read
 * from them equals a count of the stored records. (Two engines in one process did not lose counts
 * with the earlier read-modify-write either, so this checks the SQL counting end to end; it does
 * not reproduce the race between two processes that `add` removes.)
 */
import { Engine, type Store } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { bruteForceReport, SteppingClock } from './support/engine-on-disk.js';
import { newApp } from './support/varied-history.js';

describe('analytics counted by two nodes at once', () => {
  const engines: Engine[] = [];
  let schema = '';
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
    if (schema) await dropSchema(schema);
  });

  it('counts every execute of both nodes in the shared hour bucket', async () => {
    schema = newTestSchema();
    const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
    const stores: Store[] = [];
    const open = async () => {
      const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
      stores.push(store);
      const engine = new Engine({ store, model: new OfflineModel(), clock });
      engines.push(engine);
      return engine;
    };
    const nodeA = await open();
    const nodeB = await open();
    const appId = await newApp(nodeA, 'Shop', 3600);
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        (index % 2 === 0 ? nodeA : nodeB).execute(appId, { message: `Hello ${index}` }),
      ),
    );

    const window = { from: '2024-06-01T00:00:00Z', to: '2024-06-02T00:00:00Z', interval: 'hour' as const };
    const report = await nodeB.analytics(appId, window);
    expect(report.totals).toMatchObject({
      sessions: 200,
      messages: 400,
      user_messages: 200,
      assistant_messages: 200,
    });
    expect(report.totals.latency_ms.count).toBe(200);
    expect(report).toEqual(await bruteForceReport(stores[0] as Store, appId, report));
  }, 60_000);
});
