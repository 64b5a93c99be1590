/**
 * The history retention on PostgreSQL, shared by two nodes: a pass reads only the ended sessions and
 * conversations that are due (not every ended session and every conversation, loaded once into
 * memory as it did before), and a node deletes what another node ended after its first pass.
 */
import { put, type SessionRecord, toIso } from '@parley/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { SteppingClock } from './support/engine-on-disk.js';
import { SharedStoreNodes } from './support/shared-store-nodes.js';

const day = 86_400_000;

describe('the history retention on a store shared by two nodes', () => {
  let nodes: SharedStoreNodes | null = null;
  afterEach(async () => {
    await nodes?.close();
    nodes = null;
  });

  it('reads only what is due, and deletes what another node ended after its first pass', async () => {
    nodes = new SharedStoreNodes();
    const begin = Date.UTC(2024, 5, 1, 12, 0, 0);
    const clock = new SteppingClock(begin, 0);
    const retention = { sessionDays: 30, conversationDays: 30 };
    const { nodeA, nodeB } = await nodes.openTwo({ clock, retention });
    const { reads } = nodes;
    const agent = await nodeA.agents.create({ name: 'Helper' } as never);
    const app = await nodeA.apps.create({ name: 'Site', agents: [agent.id] } as never);
    const { session_id: firstId } = await nodeA.sessions.create(app.id, {});
    const store = await nodes.store();
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
