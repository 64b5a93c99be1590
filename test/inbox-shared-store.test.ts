/**
 * The inbox on PostgreSQL, shared by two nodes: a page reads about a page of sessions from the store
 * (not every stored session and conversation, loaded once into memory as it did before), and a node
 * lists the sessions another node opened or wrote after its first page, in order.
 */
import { type Principal, put, type SessionRecord } from '@parley/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { SteppingClock } from './support/engine-on-disk.js';
import { SharedStoreNodes } from './support/shared-store-nodes.js';

const admin: Principal = {
  kind: 'secret',
  id: 'key_admin',
  plan: 'enterprise',
  rateLimit: { per_minute: 1, per_day: 1 },
};

describe('the inbox on a store shared by two nodes', () => {
  let nodes: SharedStoreNodes | null = null;
  afterEach(async () => {
    await nodes?.close();
    nodes = null;
  });

  it('reads a page of sessions, not every stored one, and lists what another node wrote since', async () => {
    nodes = new SharedStoreNodes();
    const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
    const { nodeA, nodeB } = await nodes.openTwo({ clock });
    const { reads } = nodes;
    const agent = await nodeA.agents.create({ name: 'Helper' } as never);
    const app = await nodeA.apps.create({ name: 'Site', agents: [agent.id] } as never);

    // 2,000 ongoing sessions stored an hour ago, one a second.
    const { session_id: firstId } = await nodeA.sessions.create(app.id, {});
    const store = await nodes.store();
    const stored = (await store.get('sessions', firstId)) as SessionRecord;
    const earlier = (second: number) =>
      new Date(Date.UTC(2024, 5, 1, 11, 0, 0) + second * 1000).toISOString();
    await store.write(
      Array.from({ length: 2_000 }, (_, index) =>
        put('sessions', {
          ...stored,
          id: `${stored.id}_${String(index).padStart(4, '0')}`,
          updated_at: earlier(index).replace('.000Z', 'Z'),
        }),
      ),
    );
    // And 2,000 ended ones, written later: the inbox's default list (ongoing sessions) reads none.
    await store.write(
      Array.from({ length: 2_000 }, (_, index) =>
        put('sessions', {
          ...stored,
          id: `${stored.id}_ended_${String(index).padStart(4, '0')}`,
          status: 'ended',
          updated_at: earlier(2_000 + index).replace('.000Z', 'Z'),
        }),
      ),
    );

    const first = await nodeB.inbox.list(admin, { limit: 20, status: 'all' });
    expect(first.data.map((item) => item.session_id)).toEqual([
      firstId,
      ...Array.from({ length: 19 }, (_, index) => `${stored.id}_${String(1999 - index).padStart(4, '0')}`),
    ]);
    expect(reads.of('sessions')).toBeLessThanOrEqual(60);

    // Written on node A after node B's first page: first on node B's next one.
    clock.advance(1_000);
    const later = await nodeA.sessions.create(app.id, {});
    await nodeA.inbox.assign(app.id, `${stored.id}_0005`, admin, 'Ana');
    const again = await nodeB.inbox.list(admin, { limit: 2, status: 'all' });
    expect(again.data.map((item) => item.session_id).sort()).toEqual(
      [later.session_id, `${stored.id}_0005`].sort(),
    );
    const next = await nodeB.inbox.list(admin, { limit: 20, status: 'all', cursor: first.next_cursor });
    expect(next.data[0]?.session_id).toBe(`${stored.id}_1980`);
    expect(reads.of('sessions')).toBeLessThanOrEqual(150);
  }, 60_000);
});
