/** The store contract's cases for conditional writes (`expect`) and the leases built on them. */
import { expect, it } from 'vitest';
import { claimLease, releaseLease } from '../store/lease.js';
import { expectRecord, put, remove, type Store, WriteConflictError } from '../store/store.js';
import { sessionRecord } from './records.js';

export function guardCases(current: () => Store): void {
  it('writes a guarded batch only while the record is as read, whole or not at all', async () => {
    const store = current();
    const session = sessionRecord();
    await store.write([expectRecord('sessions', session.id, null), put('sessions', session)]);
    const read = await store.get('sessions', session.id);
    await store.write([
      expectRecord('sessions', session.id, read),
      put('sessions', { ...session, message_count: 1 }),
    ]);

    // `read` is stale now: the batch is refused, and its other operations are not written either.
    const bystander = sessionRecord();
    await expect(
      store.write([
        put('sessions', bystander),
        expectRecord('sessions', session.id, read),
        put('sessions', { ...session, message_count: 5 }),
      ]),
    ).rejects.toBeInstanceOf(WriteConflictError);
    await expect(
      store.write([expectRecord('sessions', session.id, null), remove('sessions', session.id)]),
    ).rejects.toBeInstanceOf(WriteConflictError);
    expect((await store.get('sessions', session.id))?.message_count).toBe(1);
    expect(await store.get('sessions', bystander.id)).toBeUndefined();
  });

  it('lets exactly one of two writers that read the same version write', async () => {
    const store = current();
    const session = sessionRecord();
    await store.write([put('sessions', session)]);
    const read = await store.get('sessions', session.id);
    const outcomes = await Promise.allSettled(
      [1, 2].map((count) =>
        store.write([
          expectRecord('sessions', session.id, read),
          put('sessions', { ...session, message_count: count }),
        ]),
      ),
    );
    const written = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(written).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(WriteConflictError);
    const winner = outcomes.indexOf(written[0] as PromiseFulfilledResult<void>) + 1;
    expect((await store.get('sessions', session.id))?.message_count).toBe(winner);
  });

  it('gives a lease to one claimer at a time, renews it for its holder, and hands it over once it expires', async () => {
    const store = current();
    const start = new Date('2026-01-01T00:00:00Z');
    const later = (ms: number) => new Date(start.getTime() + ms);
    const lease = (holder: string) => ({ name: 'sweeper', holder, durationMs: 1_000 });

    const racing = await Promise.all(
      ['a', 'b', 'c', 'd'].map((holder) => claimLease(store, lease(holder), start)),
    );
    expect(racing.filter(Boolean)).toHaveLength(1);
    const holder = ['a', 'b', 'c', 'd'][racing.indexOf(true)] as string;
    const other = holder === 'a' ? 'b' : 'a';

    expect(await claimLease(store, lease(other), later(999))).toBe(false);
    expect(await claimLease(store, lease(holder), later(900))).toBe(true);
    expect(await claimLease(store, lease(other), later(1_800))).toBe(false);
    expect(await claimLease(store, lease(other), later(1_901))).toBe(true);
    expect(await claimLease(store, lease(holder), later(1_902))).toBe(false);

    await releaseLease(store, { name: 'sweeper', holder });
    expect((await store.get('leases', 'sweeper'))?.holder).toBe(other);
    await releaseLease(store, { name: 'sweeper', holder: other });
    expect(await claimLease(store, lease(holder), later(1_903))).toBe(true);
  });
}
