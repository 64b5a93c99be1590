/**
 * The engine's outbox, the only way the webhook dispatcher reaches deliveries: on the real
 * embedded store, through a real engine, with the steps named as the dispatcher takes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type DeliveryRecord, Engine, newId, put, type Store, toIso } from '@parley/engine';
import { writeRecordsThrough } from '@parley/engine/testing';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreReads } from './support/store-reads.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function engineOnDisk(): Promise<{ engine: Engine; store: Store }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-outbox-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  const store = await LowdbStore.open({ directory: folder });
  const engine = new Engine({ store, model: new OfflineModel(), clock: { now: () => 1_700_000_000_000 } });
  cleanups.push(() => engine.close());
  return { engine, store };
}

function pendingDelivery(webhookId: string, status: DeliveryRecord['status'] = 'pending'): DeliveryRecord {
  const id = newId('evt');
  return {
    id,
    webhook_id: webhookId,
    app_id: 'app_test',
    session_id: null,
    order_key: `${webhookId}:${id}`,
    event: 'message.created',
    body: '{}',
    status,
    attempts: [],
    next_attempt_at: 0,
    created_at: toIso(Date.now()),
  };
}

describe('engine.outbox', () => {
  it('tells who listens of new deliveries as the engine writes them, until they stop listening', async () => {
    const { engine } = await engineOnDisk();
    const heard: (readonly string[])[] = [];
    const stop = engine.outbox.onWritten((deliveryIds) => heard.push(deliveryIds));
    const first = pendingDelivery('whk_a');
    const second = pendingDelivery('whk_a');
    await writeRecordsThrough(engine, [put('deliveries', first), put('deliveries', second)]);
    stop();
    await writeRecordsThrough(engine, [put('deliveries', pendingDelivery('whk_a'))]);
    expect(heard).toEqual([[first.id, second.id]]);
    expect(engine.outbox.now()).toBe(1_700_000_000_000);
  });

  it('lists only pending deliveries, and gives a delivery with the webhook it goes to', async () => {
    const { engine, store } = await engineOnDisk();
    const webhook = await engine.webhooks.create((await engine.apps.create({ name: 'Hooked' })).id, {
      url: 'https://example.com/hook',
      events: ['message.created'],
    });
    const waiting = pendingDelivery(webhook.id);
    const done = pendingDelivery(webhook.id, 'delivered');
    await store.write([put('deliveries', waiting), put('deliveries', done)]);
    const pending: string[] = [];
    await engine.outbox.pendingDeliveries((page) => pending.push(...page.map((delivery) => delivery.id)));
    expect(pending).toEqual([waiting.id]);
    const read = await engine.outbox.delivery(waiting.id);
    expect(read).toEqual(waiting);
    expect((await engine.outbox.webhookOf(waiting))?.url).toBe('https://example.com/hook');
    expect(await engine.outbox.webhookOf(pendingDelivery('whk_gone'))).toBeUndefined();
  });

  it('hands a large backlog of pending deliveries over a page at a time, never all in one turn', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'parley-outbox-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const store = await LowdbStore.open({ directory: folder });
    const backlog = Array.from({ length: 2_500 }, () => pendingDelivery('whk_dead'));
    await store.write(backlog.map((delivery) => put('deliveries', delivery)));
    const reads = new StoreReads();
    const engine = new Engine({ store: reads.wrap(store), model: new OfflineModel() });
    cleanups.push(() => engine.close());

    const handed: string[] = [];
    const pass = await reads.duringTask(() =>
      engine.outbox.pendingDeliveries((page) => handed.push(...page.map((delivery) => delivery.id))),
    );
    expect(handed).toEqual(backlog.map((delivery) => delivery.id));
    // A dispatcher starting on a dead receiver's backlog reads it 1,000 at a time, letting requests in between.
    expect(pass.mostReadInOneTurn).toBeLessThanOrEqual(1_000);
  });

  it('records an attempt on the stored delivery, and nothing once it is gone', async () => {
    const { engine, store } = await engineOnDisk();
    const delivery = pendingDelivery('whk_a');
    await store.write([put('deliveries', delivery)]);
    const attempt = { at: toIso(Date.now()), status_code: 500, error: null, duration_ms: 12 };
    const retried = await engine.outbox.recordAttempt(delivery.id, {
      attempt,
      status: 'pending',
      nextAttemptAt: 42,
    });
    expect(retried).toMatchObject({ status: 'pending', attempts: [attempt], next_attempt_at: 42 });
    const failed = await engine.outbox.recordAttempt(delivery.id, {
      attempt,
      status: 'failed',
      nextAttemptAt: null,
    });
    expect(failed).toMatchObject({ status: 'failed', attempts: [attempt, attempt], next_attempt_at: 42 });
    expect(await store.get('deliveries', delivery.id)).toEqual(failed);
    expect(
      await engine.outbox.recordAttempt('evt_missing', { attempt, status: 'delivered', nextAttemptAt: null }),
    ).toBeUndefined();
  });

  it('marks failed only a delivery still pending, with the reason as its last attempt', async () => {
    const { engine, store } = await engineOnDisk();
    const waiting = pendingDelivery('whk_a');
    const delivered = pendingDelivery('whk_a', 'delivered');
    await store.write([put('deliveries', waiting), put('deliveries', delivered)]);
    expect(await engine.outbox.markFailed(waiting.id, 'gave up', Date.parse('2024-01-15T14:30:00Z'))).toBe(
      true,
    );
    expect(await store.get('deliveries', waiting.id)).toMatchObject({
      status: 'failed',
      attempts: [{ at: '2024-01-15T14:30:00Z', status_code: null, error: 'gave up', duration_ms: 0 }],
    });
    expect(await engine.outbox.markFailed(delivered.id, 'gave up', Date.now())).toBe(false);
    expect(await store.get('deliveries', delivered.id)).toEqual(delivered);
    expect(await engine.outbox.markFailed('evt_missing', 'gave up', Date.now())).toBe(false);
  });
});
