/**
 * The dispatcher's cost and fairness with many deliveries waiting: it does not
 * re-read the outbox per cycle, and a failing receiver is backed off as a whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type BelowQuery,
  type CollectionName,
  type Collections,
  type DeliveryRecord,
  type ListQuery,
  newId,
  type OrderedCollection,
  put,
  type Store,
  storeOutbox,
  toIso,
  type WebhookRecord,
  type Where,
  type WriteOperation,
} from '@parley/engine';
import { LowdbStore } from '@parley/store-lowdb';
import { afterEach, describe, expect, it } from 'vitest';
import { deadPort, startReceiver, type TestReceiver } from '../../test/support/test-receiver.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './dispatcher.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real embedded store, counting the records it hands out. */
class CountingStore implements Store {
  recordsRead = 0;
  constructor(private readonly inner: Store) {}
  private counted<T>(value: T): T {
    if (Array.isArray(value)) this.recordsRead += value.length;
    else if (value !== undefined) this.recordsRead += 1;
    return value;
  }
  async get<C extends CollectionName>(collection: C, id: string) {
    return this.counted(await this.inner.get(collection, id));
  }
  async findOne<C extends CollectionName>(collection: C, where: Where<C>) {
    return this.counted(await this.inner.findOne(collection, where));
  }
  async list<C extends CollectionName>(collection: C, query: ListQuery<C>) {
    const page = await this.inner.list(collection, query);
    this.counted(page.items);
    return page;
  }
  count<C extends CollectionName>(collection: C, where?: Where<C>) {
    return this.inner.count(collection, where);
  }
  async listBelow<C extends OrderedCollection>(collection: C, query: BelowQuery<C>) {
    return this.counted(await this.inner.listBelow(collection, query));
  }
  async all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]> {
    return this.counted(await this.inner.all(collection, where));
  }
  write(operations: WriteOperation[]) {
    return this.inner.write(operations);
  }
  close() {
    return this.inner.close();
  }
}

async function openStore(): Promise<CountingStore> {
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-dispatch-'));
  const store = await LowdbStore.open({ directory: folder });
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  return new CountingStore(store);
}

function dispatcher(store: Store, options: Partial<WebhookDispatcherOptions> = {}): WebhookDispatcher {
  const created = new WebhookDispatcher({
    outbox: storeOutbox({ store }),
    allowPrivateUrls: true,
    retryBaseMs: 20,
    retryMaxMs: 200,
    pollIntervalMs: 50,
    timeoutMs: 2000,
    ...options,
  });
  cleanups.push(() => created.stop());
  return created;
}

function webhookRecord(url: string): WebhookRecord {
  const now = toIso(Date.now());
  return {
    id: newId('whk'),
    app_id: 'app_test',
    url,
    events: ['session.started'],
    secret: 'whsec_scheduling_test',
    created_at: now,
    updated_at: now,
  };
}

function deliveryRecord(webhook: WebhookRecord, dueAt = Date.now()): DeliveryRecord {
  const id = newId('evt');
  const sessionId = newId('sess');
  return {
    id,
    webhook_id: webhook.id,
    app_id: webhook.app_id,
    session_id: sessionId,
    order_key: `${webhook.id}:${sessionId}`,
    event: 'session.started',
    body: JSON.stringify({
      event: 'session.started',
      timestamp: toIso(Date.now()),
      data: { session_id: sessionId },
    }),
    status: 'pending',
    attempts: [],
    next_attempt_at: dueAt,
    created_at: toIso(Date.now()),
  };
}

async function writeInBatches(store: Store, operations: WriteOperation[]): Promise<void> {
  for (let start = 0; start < operations.length; start += 1000)
    await store.write(operations.slice(start, start + 1000));
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Accepts every request and never answers. */
async function hangingReceiver() {
  const state = { received: 0, open: 0, most: 0 };
  const server = createServer((request) => {
    state.received += 1;
    state.open += 1;
    state.most = Math.max(state.most, state.open);
    request.socket.once('close', () => {
      state.open -= 1;
    });
    request.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    get received() {
      return state.received;
    },
    /** The most requests held open at once since the last reset. */
    get mostAtOnce() {
      return state.most;
    },
    resetMost() {
      state.most = state.open;
    },
  };
}

async function receiver(...parameters: Parameters<typeof startReceiver>): Promise<TestReceiver> {
  const started = await startReceiver(...parameters);
  cleanups.push(() => started.close());
  return started;
}

describe('WebhookDispatcher with many deliveries waiting', () => {
  it('does not re-read 20,000 waiting deliveries while nothing is due', async () => {
    const store = await openStore();
    const webhook = webhookRecord(`http://127.0.0.1:${await deadPort()}/hook`);
    const later = Date.now() + 3_600_000;
    await writeInBatches(store, [
      put('webhooks', webhook),
      ...Array.from({ length: 20_000 }, () => put('deliveries', deliveryRecord(webhook, later))),
    ]);

    const running = dispatcher(store);
    running.start();
    while (store.recordsRead < 20_000) await sleep(10);
    await sleep(100);
    const afterStart = store.recordsRead;
    await sleep(1000);

    // Loading them once at start is fine; looking at them again every cycle is not.
    expect(store.recordsRead - afterStart).toBeLessThan(100);
  });

  it('reads a bounded number of records per attempt, however many are waiting', async () => {
    const store = await openStore();
    const failing = webhookRecord(`http://127.0.0.1:${await deadPort()}/hook`);
    await writeInBatches(store, [
      put('webhooks', failing),
      ...Array.from({ length: 5_000 }, () => put('deliveries', deliveryRecord(failing))),
    ]);

    const running = dispatcher(store, { retryBaseMs: 5, retryMaxMs: 20 });
    running.start();
    while (store.recordsRead < 5_000) await sleep(10);
    await sleep(100);
    const readBefore = store.recordsRead;
    const attemptsBefore = await attemptCount(store);
    await sleep(1500);
    const attempts = (await attemptCount(store)) - attemptsBefore;
    const reads = store.recordsRead - readBefore - 2 * 5_000; // the two counts just made

    expect(reads / Math.max(1, attempts)).toBeLessThan(10);
  });

  it('backs a hanging receiver off as a whole, holding one slot at most, and keeps delivering to others', async () => {
    const store = await openStore();
    const hanging = await hangingReceiver();
    const target = await receiver();
    const dead = webhookRecord(hanging.url);
    const healthy = webhookRecord(target.url);
    await store.write([
      put('webhooks', dead),
      put('webhooks', healthy),
      ...Array.from({ length: 40 }, () => put('deliveries', deliveryRecord(dead))),
    ]);

    const running = dispatcher(store, { concurrency: 2, timeoutMs: 300, retryBaseMs: 200, retryMaxMs: 400 });
    running.start();
    // Attempts time out two at a time until three have: the circuit opens, and the fifth goes alone.
    while (hanging.received < 5) await sleep(10);
    await sleep(50);
    hanging.resetMost();
    const healthyDelivery = deliveryRecord(healthy);
    await store.write([put('deliveries', healthyDelivery)]);
    running.nudge([healthyDelivery.id]);
    // Delivered (a bounded wait, not a speed limit: the machine may be busy; the slots are checked below).
    const givingUpAt = Date.now() + 30_000;
    while ((await store.get('deliveries', healthyDelivery.id))?.status !== 'delivered') {
      if (Date.now() > givingUpAt) throw new Error('the healthy delivery was never sent');
      await sleep(10);
    }
    await sleep(1500);

    // Without the circuit it would hold both slots, all the time.
    expect(hanging.mostAtOnce).toBe(1);
    expect(hanging.received).toBeLessThan(15);
  });

  it('tries a refusing receiver with a large backlog at a low rate', async () => {
    const store = await openStore();
    const refusing = webhookRecord(`http://127.0.0.1:${await deadPort()}/hook`);
    await store.write([
      put('webhooks', refusing),
      ...Array.from({ length: 200 }, () => put('deliveries', deliveryRecord(refusing))),
    ]);

    dispatcher(store).start();
    await sleep(1000);

    // Without a circuit, all 200 would be tried in that second (a refusal costs a millisecond).
    const tried = (await store.all('deliveries')).filter((delivery) => delivery.attempts.length > 0);
    expect(tried.length).toBeGreaterThan(5);
    expect(tried.length).toBeLessThan(40);
  });

  it('still gives up on time on deliveries a backed-off receiver never got to', async () => {
    const store = await openStore();
    const hanging = await hangingReceiver();
    const dead = webhookRecord(hanging.url);
    const deliveries = Array.from({ length: 30 }, () => deliveryRecord(dead));
    await store.write([put('webhooks', dead), ...deliveries.map((delivery) => put('deliveries', delivery))]);

    const running = dispatcher(store, {
      timeoutMs: 300,
      retryBaseMs: 5_000,
      retryMaxMs: 5_000,
      giveUpAfterMs: 1_000,
      expiryIntervalMs: 200,
    });
    running.start();
    const deadline = Date.now() + 5_000;
    let pending = deliveries.length;
    while (pending > 0 && Date.now() < deadline) {
      await sleep(50);
      pending = (await store.all('deliveries', { status: 'pending' })).length;
    }

    // The circuit let only a few attempts through; the rest are failed, saying why.
    expect(pending).toBe(0);
    const failed = await store.all('deliveries', { status: 'failed' });
    expect(failed).toHaveLength(30);
    expect(failed.some((delivery) => delivery.attempts.at(-1)?.error?.startsWith('gave up'))).toBe(true);
    expect(hanging.received).toBeLessThan(15);
  });
});

async function attemptCount(store: Store): Promise<number> {
  const deliveries = await store.all('deliveries');
  return deliveries.reduce((sum, delivery) => sum + delivery.attempts.length, 0);
}
