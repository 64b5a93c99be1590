/**
 * Delivered webhook deliveries are removed once past the retention, in slices
 * that let other work run; pending and failed ones are kept.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DeliveryRecord, Engine, newId, put, type Store, toIso } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { afterEach, describe, expect, it } from 'vitest';

const day = 24 * 3_600_000;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(): Promise<Store> {
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-retention-'));
  const store = await LowdbStore.open({ directory: folder });
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  return store;
}

/** A delivery made at `at`, in `status`, its one attempt at the same time. */
function deliveryAt(at: number, status: DeliveryRecord['status']): DeliveryRecord {
  const id = newId('evt');
  return {
    id,
    webhook_id: 'whk_retention',
    app_id: 'app_retention',
    session_id: null,
    order_key: `whk_retention:${id}`,
    event: 'session.started',
    body: '{}',
    status,
    attempts: [
      { at: toIso(at), status_code: status === 'delivered' ? 200 : 500, error: null, duration_ms: 3 },
    ],
    next_attempt_at: at,
    created_at: toIso(at),
  };
}

describe('delivery retention', () => {
  it('removes delivered deliveries older than the retention, in slices, and keeps the rest', async () => {
    const store = await openStore();
    const clock = { now: () => Date.parse('2026-03-01T00:00:00Z') };
    const engine = new Engine({ store, model: new OfflineModel(), clock });
    const now = clock.now();
    const old = Array.from({ length: 1_200 }, () => deliveryAt(now - 31 * day, 'delivered'));
    const recent = Array.from({ length: 10 }, () => deliveryAt(now - 29 * day, 'delivered'));
    const oldButNotDelivered = [deliveryAt(now - 40 * day, 'failed'), deliveryAt(now - 40 * day, 'pending')];
    const all = [...old, ...oldButNotDelivered, ...recent];
    for (let start = 0; start < all.length; start += 500)
      await store.write(all.slice(start, start + 500).map((delivery) => put('deliveries', delivery)));

    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 0);
    const removed = await engine.webhooks.pruneDelivered(30 * day).finally(() => clearInterval(ticker));

    expect(removed).toBe(1_200);
    const left = await store.all('deliveries');
    expect(left.map((delivery) => delivery.id).sort()).toEqual(
      [...oldButNotDelivered, ...recent].map((delivery) => delivery.id).sort(),
    );
    // 1,200 in slices of at most 500: other work ran in between.
    expect(ticks).toBeGreaterThanOrEqual(2);
  });

  it('a delivery that got through late does not hold back the removal of those created after it', async () => {
    const store = await openStore();
    const clock = { now: () => Date.parse('2026-03-01T00:00:00Z') };
    const engine = new Engine({ store, model: new OfflineModel(), clock });
    const now = clock.now();
    // Created first, but delivered late (after a day of retries, or sent again by hand): kept.
    const late = deliveryAt(now - 32 * day, 'delivered');
    late.attempts.push({ at: toIso(now - 1 * day), status_code: 200, error: null, duration_ms: 3 });
    const old = Array.from({ length: 1_200 }, () => deliveryAt(now - 31 * day, 'delivered'));
    const recent = Array.from({ length: 10 }, () => deliveryAt(now - 29 * day, 'delivered'));
    const all = [late, ...old, ...recent];
    for (let start = 0; start < all.length; start += 500)
      await store.write(all.slice(start, start + 500).map((delivery) => put('deliveries', delivery)));

    expect(await engine.webhooks.pruneDelivered(30 * day)).toBe(1_200);
    const left = await store.all('deliveries');
    expect(left.map((delivery) => delivery.id).sort()).toEqual(
      [late, ...recent].map((delivery) => delivery.id).sort(),
    );
  });

  it('keeps everything with a retention of 0', async () => {
    const store = await openStore();
    const engine = new Engine({ store, model: new OfflineModel() });
    await store.write([put('deliveries', deliveryAt(Date.now() - 400 * day, 'delivered'))]);

    expect(await engine.webhooks.pruneDelivered(0)).toBe(0);
    expect(await store.count('deliveries')).toBe(1);
  });
});
