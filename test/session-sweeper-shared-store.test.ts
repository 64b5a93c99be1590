/**
 * The session sweeper on PostgreSQL, shared by two nodes: a sweep reads only the sessions that are
 * due (not every active one, loaded once into memory as it did before), and a node ends the
 * sessions another node opened after it started.
 */
import { type Engine, put, type SessionRecord } from '@parley/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { SteppingClock } from './support/engine-on-disk.js';
import { SharedStoreNodes } from './support/shared-store-nodes.js';

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
  let nodes: SharedStoreNodes | null = null;
  afterEach(async () => {
    await nodes?.close();
    nodes = null;
  });

  it('reads only the due sessions, and ends those another node opened after it started', async () => {
    nodes = new SharedStoreNodes();
    const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
    const { nodeA, nodeB } = await nodes.openTwo({ clock });
    const { reads } = nodes;

    // 2,000 sessions active for a week, opened on node A.
    const longLived = await newApp(nodeA, 'Long', 7 * 24 * 3600);
    const { session_id: firstId } = await nodeA.sessions.create(longLived, {});
    const store = await nodes.store();
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
