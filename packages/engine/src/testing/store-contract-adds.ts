/** The store contract's cases for counting without reading (`add`), as the analytics ledger counts. */
import { expect, it } from 'vitest';
import { emptyCounters } from '../services/analytics-counts.js';
import { addRecord, put, removeWhere, type Store } from '../store/store.js';
import type { AnalyticsBucketRecord, AnalyticsLatencyRecord } from '../types.js';

function bucket(changes: Partial<AnalyticsBucketRecord>): AnalyticsBucketRecord {
  return {
    id: 'app_add@2024-06-01T12',
    app_id: 'app_add',
    hour: '2024-06-01T12:00:00.000Z',
    ...emptyCounters(),
    tool_use: {},
    ...changes,
  };
}

function band(latencies: Record<string, number>): AnalyticsLatencyRecord {
  return {
    id: 'app_add@2024-06-01T12~100',
    app_id: 'app_add',
    bucket_id: 'app_add@2024-06-01T12',
    latency_ms: latencies,
  };
}

export function addCases(current: () => Store, reopen: () => Promise<Store>): void {
  it('adds counters to a record (made by the first add), maps key by key, keys at 0 dropped', async () => {
    const store = current();
    await store.write([addRecord('analytics_buckets', bucket({ sessions: 1, tool_use: { search: 2 } }))]);
    await store.write([
      addRecord('analytics_buckets', bucket({ messages: 2, tool_use: { search: -2, order: 1 } })),
      addRecord('analytics_buckets', bucket({ messages: 1, input_tokens: 40 })),
    ]);
    const expected = bucket({ sessions: 1, messages: 3, input_tokens: 40, tool_use: { order: 1 } });
    expect(await store.get('analytics_buckets', expected.id)).toEqual(expected);
    // Applied, not re-applied, by a store opened again.
    const reopened = await reopen();
    expect(await reopened.get('analytics_buckets', expected.id)).toEqual(expected);
    expect(await reopened.all('analytics_buckets', { app_id: 'app_add' })).toEqual([expected]);
  });

  it('counts every add of writers at once, and removes a record whose map is left empty', async () => {
    const store = current();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.write([
          addRecord('analytics_latencies', band({ [String(100 + index)]: 1, 150: 1 }), 'latency_ms'),
        ]),
      ),
    );
    const counted = await store.get('analytics_latencies', band({}).id);
    expect(Object.keys(counted?.latency_ms ?? {})).toHaveLength(21);
    expect(counted?.latency_ms['150']).toBe(20);
    const minus: Record<string, number> = { 150: -20 };
    for (let index = 0; index < 20; index++) minus[String(100 + index)] = -1;
    await store.write([addRecord('analytics_latencies', band(minus), 'latency_ms')]);
    expect(await store.get('analytics_latencies', band({}).id)).toBeUndefined();
  });

  it('adds on top of the batches before it, also a removal of the same records', async () => {
    const store = current();
    await store.write([put('analytics_buckets', bucket({ sessions: 5 }))]);
    await Promise.all([
      store.write([removeWhere('analytics_buckets', { app_id: 'app_add' })]),
      store.write([addRecord('analytics_buckets', bucket({ sessions: 1 }))]),
      store.write([addRecord('analytics_buckets', bucket({ sessions: 1 }))]),
    ]);
    expect((await store.get('analytics_buckets', bucket({}).id))?.sessions).toBe(2);
  });
}
