/** The store contract's cases for `listBelow`: a range of an ordered field, read without the rest. */
import { expect, it } from 'vitest';
import { put, remove, removeWhere, type Store } from '../store/store.js';
import { sessionRecord } from './records.js';

const at = (minute: number) => `2024-01-15T15:${String(minute).padStart(2, '0')}:00.000Z`;

export function rangeCases(current: () => Store): void {
  it('lists the records below a value of an ordered field, lowest first, within equal fields', async () => {
    const store = current();
    const late = sessionRecord({ expires_at: at(40) });
    const early = sessionRecord({ expires_at: at(10) });
    const tiedFirst = sessionRecord({ expires_at: at(20) });
    const tiedSecond = sessionRecord({ expires_at: at(20) });
    const ended = sessionRecord({ expires_at: at(5), status: 'ended' });
    const atTheLimit = sessionRecord({ expires_at: at(30) });
    await store.write([late, early, tiedFirst, tiedSecond, ended, atTheLimit].map((s) => put('sessions', s)));

    const due = await store.listBelow('sessions', {
      where: { status: 'active' },
      field: 'expires_at',
      below: at(30),
      limit: 10,
    });
    // Strictly below; equal values in creation order; other statuses left out.
    expect(due.map((session) => session.id)).toEqual([early.id, tiedFirst.id, tiedSecond.id]);
    const first = await store.listBelow('sessions', {
      where: { status: 'active' },
      field: 'expires_at',
      below: at(59),
      limit: 2,
    });
    expect(first.map((session) => session.id)).toEqual([early.id, tiedFirst.id]);
    expect(
      (
        await store.listBelow('sessions', {
          where: { status: 'ended' },
          field: 'expires_at',
          below: at(59),
          limit: 10,
        })
      ).map((session) => session.id),
    ).toEqual([ended.id]);
  });

  it('follows changes: a record whose field moves, or that leaves the equal fields, or is deleted', async () => {
    const store = current();
    const moved = sessionRecord({ expires_at: at(10) });
    const left = sessionRecord({ expires_at: at(11) });
    const deleted = sessionRecord({ expires_at: at(12) });
    const stays = sessionRecord({ expires_at: at(13) });
    await store.write([moved, left, deleted, stays].map((session) => put('sessions', session)));
    await store.write([
      put('sessions', { ...moved, expires_at: at(50) }),
      put('sessions', { ...left, status: 'ended' }),
      remove('sessions', deleted.id),
    ]);
    const due = await store.listBelow('sessions', {
      where: { status: 'active' },
      field: 'expires_at',
      below: at(30),
      limit: 10,
    });
    expect(due).toEqual([stays]);
  });

  it('refuses a field that is not ordered, or a where other than the fields it is ordered within', async () => {
    const store = current();
    await expect(
      store.listBelow('sessions', { where: {}, field: 'expires_at', below: at(30), limit: 10 }),
    ).rejects.toThrow(/ordered within status/);
    await expect(
      store.listBelow('sessions', {
        where: { status: 'active', app_id: 'app_one' },
        field: 'expires_at',
        below: at(30),
        limit: 10,
      }),
    ).rejects.toThrow(/ordered within status/);
    await expect(
      store.listBelow('sessions', {
        where: { status: 'active' },
        field: 'created_at' as 'expires_at',
        below: at(30),
        limit: 10,
      }),
    ).rejects.toThrow(/not ordered/);
  });

  it('lists highest first, equal values by id, below or also equal, or after a record (the inbox pages)', async () => {
    const store = current();
    const older = sessionRecord({ updated_at: at(10) });
    const tiedFirst = sessionRecord({ updated_at: at(20) });
    const tiedSecond = sessionRecord({ updated_at: at(20) });
    const newest = sessionRecord({ updated_at: at(30) });
    await store.write([older, tiedFirst, tiedSecond, newest].map((session) => put('sessions', session)));
    const page = (below: string, orEqual: boolean, limit = 10) =>
      store
        .listBelow('sessions', {
          where: { status: 'active' },
          field: 'updated_at',
          below,
          orEqual,
          limit,
          order: 'desc',
        })
        .then((sessions) => sessions.map((session) => session.id));
    expect(await page(at(59), false)).toEqual([newest.id, tiedSecond.id, tiedFirst.id, older.id]);
    expect(await page(at(59), false, 2)).toEqual([newest.id, tiedSecond.id]);
    expect(await page(at(20), false)).toEqual([older.id]);
    expect(await page(at(20), true)).toEqual([tiedSecond.id, tiedFirst.id, older.id]);
    expect(await page(at(20), true, 1)).toEqual([tiedSecond.id]);
    const after = (record: { updated_at: string; id: string }) =>
      store
        .listBelow('sessions', {
          where: { status: 'active' },
          field: 'updated_at',
          below: record.updated_at,
          belowId: record.id,
          limit: 10,
          order: 'desc',
        })
        .then((sessions) => sessions.map((session) => session.id));
    expect(await after(newest)).toEqual([tiedSecond.id, tiedFirst.id, older.id]);
    expect(await after(tiedSecond)).toEqual([tiedFirst.id, older.id]);
    expect(await after(tiedFirst)).toEqual([older.id]);
  });

  it('follows changes highest first too: a moved value, a deleted record, a deleteWhere', async () => {
    const store = current();
    const page = () =>
      store
        .listBelow('sessions', {
          where: { status: 'active' },
          field: 'updated_at',
          below: at(59),
          limit: 10,
          order: 'desc',
        })
        .then((sessions) => sessions.map((session) => session.id));
    const [one, two, three] = [10, 20, 30].map((minute) => sessionRecord({ updated_at: at(minute) })) as [
      ReturnType<typeof sessionRecord>,
      ReturnType<typeof sessionRecord>,
      ReturnType<typeof sessionRecord>,
    ];
    const other = sessionRecord({ updated_at: at(40), app_id: 'app_other' });
    await store.write([one, two, three, other].map((session) => put('sessions', session)));
    expect(await page()).toEqual([other.id, three.id, two.id, one.id]);
    await store.write([put('sessions', { ...one, updated_at: at(50) }), remove('sessions', three.id)]);
    expect(await page()).toEqual([one.id, other.id, two.id]);
    await store.write([removeWhere('sessions', { app_id: 'app_other' })]);
    expect(await page()).toEqual([one.id, two.id]);
  });
}
