/**
 * The handoff timeout on PostgreSQL, shared by two nodes: a sweep reads only escalated sessions (not
 * every active session and every agent conversation, loaded once into memory as it did before), and
 * a node tells the visitor of a session another node escalated after its first sweep.
 */
import { put, type SessionRecord } from '@parley/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { SteppingClock } from './support/engine-on-disk.js';
import { SharedStoreNodes } from './support/shared-store-nodes.js';

describe('the handoff timeout on a store shared by two nodes', () => {
  let nodes: SharedStoreNodes | null = null;
  afterEach(async () => {
    await nodes?.close();
    nodes = null;
  });

  it('reads only escalated sessions, and times out one another node escalated after its first sweep', async () => {
    nodes = new SharedStoreNodes();
    const clock = new SteppingClock(Date.UTC(2024, 5, 6, 12, 0, 0), 0);
    const { nodeA, nodeB } = await nodes.openTwo({ clock });
    const { reads } = nodes;
    const agent = await nodeA.agents.create({ name: 'Helper' } as never);
    const app = await nodeA.apps.create({
      name: 'Site',
      agents: [agent.id],
      session_ttl_seconds: 7 * 24 * 3600,
      handoff_timeout_seconds: 60,
    } as never);

    // 2,000 active sessions nobody escalated, and 2,000 agents' conversations.
    const { session_id: firstId } = await nodeA.sessions.create(app.id, {});
    const store = await nodes.store();
    const stored = (await store.get('sessions', firstId)) as SessionRecord;
    await store.write([
      ...Array.from({ length: 2_000 }, (_, index) =>
        put('sessions', { ...stored, id: `${stored.id}_${String(index).padStart(4, '0')}` }),
      ),
      ...Array.from({ length: 2_000 }, (_, index) =>
        put('conversations', {
          id: `conv_quiet${String(index).padStart(4, '0')}`,
          agent_id: agent.id,
          message_count: 0,
          created_at: stored.created_at,
          updated_at: stored.updated_at,
        }),
      ),
    ]);
    expect(await nodeB.sessions.sweepHandoffTimeouts()).toBe(0);
    expect(reads.of('sessions') + reads.of('conversations')).toBe(0);

    // Escalated on node A after node B's first sweep: node B tells the visitor once it is due.
    await nodeA.sessions.escalate(app.id, firstId);
    clock.advance(61_000);
    expect(await nodeB.sessions.sweepHandoffTimeouts()).toBe(1);
    expect(await store.get('sessions', firstId)).toMatchObject({ handoff_timed_out_at: expect.any(String) });
    // The escalated one, in the range and again under its lock (and the app); none of the 4,000 others.
    expect(reads.of('sessions') + reads.of('conversations')).toBeLessThanOrEqual(4);
  }, 60_000);
});
