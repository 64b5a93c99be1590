/**
 * The history retention on PostgreSQL, shared by two nodes: a pass reads only the ended sessions and
 * conversations that are due (not every ended session and every conversation, loaded once into
 * memory as it did before), and a node deletes what another node ended after its first pass.
 */
import { Engine, put, type SessionRecord, type Store, toIso } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SteppingClock } from './support/engine-on-disk.js';
import { StoreReads } from './support/store-reads.js';

const day = 86_400_000;

describe('the history retention on a store shared by two nodes', () => {
  const engines: Engine[] = [];
  let raw: Store | null = null;
  let schema = '';
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close();
    await raw?.close();
    if (schema) await dropSchema(schema);
  });

  it('reads only what is due, and deletes what another node ended after its first pass', async () => {
    schema = newTestSchema();
    const begin = Date.UTC(2024, 5, 1, 12, 0, 0);
    const clock = new SteppingClock(begin, 0);
    const retention = { sessionDays: 30, conversationDays: 30 };
    const open = async (reads?: StoreReads) => {
      const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
      const engine = new Engine({
        store: reads ? reads.wrap(store) : store,
        model: new OfflineModel(),
        clock,
        retention,
      });
      engines.push(engine);
      return engine;
    };
    const nodeA = await open();
    const reads = new StoreReads();
    const nodeB = await open(reads);
    const agent = await nodeA.agents.create({ name: 'Helper' } as never);
    const app = await nodeA.apps.create({ name: 'Site', agents: [agent.id] } as never);
    const { session_id: firstId } = await nodeA.sessions.create(app.id, {});
    const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
    raw = store;
    const stored = (await store.get('sessions', firstId)) as SessionRecord;

    // 2,000 sessions ended a day ago (kept 30 days) and 2,000 conversations of a day ago.
    const aDayAgo = toIso(begin - day);
    await store.write([
      ...Array.from({ length: 2_000 }, (_, index) =>
        put('sessions', {
          ...stored,
          id: `${stored.id}_${String(index).padStart(4, '0')}`,
          status: 'ended',
          ended_at: aDayAgo,
          end_reason: 'expired',
        }),
      ),
      ...Array.from({ length: 2_000 }, (_, index) =>
        put('conversations', {
          id: `conv_kept${String(index).padStart(4, '0')}`,
          agent_id: agent.id,
          message_count: 0,
          created_at: aDayAgo,
          updated_at: aDayAgo,
        }),
      ),
    ]);
    // Counted first (the analytics of records written straight to the store): not the retention's reads.
    await nodeB.analyticsReady();
    const counted = reads.of('sessions') + reads.of('conversations');
    const retentionReads = () => reads.of('sessions') + reads.of('conversations') - counted;
    expect(await nodeB.pruneHistory()).toEqual({ sessions: 0, conversations: 0 });
    expect(retentionReads()).toBe(0);

    // Ended on node A after node B's first pass, 31 days ago; and a conversation as old.
    const longAgo = toIso(begin - 31 * day);
    await nodeA.sessions.end(app.id, firstId);
    await store.write([
      put('sessions', { ...((await store.get('sessions', firstId)) as SessionRecord), ended_at: longAgo }),
      put('conversations', {
        id: 'conv_old',
        agent_id: agent.id,
        message_count: 0,
        created_at: longAgo,
        updated_at: longAgo,
      }),
    ]);
    expect(await nodeB.pruneHistory()).toEqual({ sessions: 1, conversations: 1 });
    expect(await store.get('sessions', firstId)).toBeUndefined();
    expect(await store.get('conversations', 'conv_old')).toBeUndefined();
    // The two due ones (the conversation read again under its lock); none of the 4,000 others.
    expect(retentionReads()).toBeLessThanOrEqual(4);
  }, 60_000);
});
