/**
 * The webhook dispatcher loses no delivery when the store fails for a while: a
 * delivery it could not mark failed, an announced one it could not read, a test
 * delivery whose attempt could not be recorded. The writes fail for real (a full
 * tmpfs under the real LowdbStore); a failing read, which the embedded store
 * cannot produce, comes from a store whose reads fail (a fake of the disk).
 */
import {
  type BelowQuery,
  type CollectionName,
  type Collections,
  type DeliveryRecord,
  Engine,
  type ListQuery,
  newId,
  type OrderedCollection,
  type Outbox,
  put,
  type Store,
  storeOutbox,
  toIso,
  type Where,
  type WriteOperation,
} from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../packages/server/src/webhooks/dispatcher.js';
import { startReceiver } from '../packages/server/test/support/test-receiver.js';
import { SmallDisk } from './support/small-disk.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function storeOnSmallDisk(): Promise<{ store: Store; disk: SmallDisk }> {
  const disk = new SmallDisk();
  cleanups.push(() => disk.remove());
  const store = await LowdbStore.open({ directory: disk.folder });
  cleanups.push(() => store.close());
  return { store, disk };
}

function dispatcherOn(
  outbox: Outbox,
  options: Partial<ConstructorParameters<typeof WebhookDispatcher>[0]> = {},
) {
  const dispatcher = new WebhookDispatcher({
    outbox,
    allowPrivateUrls: true,
    retryBaseMs: 20,
    retryMaxMs: 200,
    pollIntervalMs: 50,
    timeoutMs: 2000,
    ...options,
  });
  cleanups.push(() => dispatcher.stop());
  return dispatcher;
}

async function receiver(answer: Parameters<typeof startReceiver>[0] = () => 200) {
  const started = await startReceiver(answer);
  cleanups.push(() => started.close());
  return started;
}

function webhookAt(url: string) {
  const now = toIso(Date.now());
  return {
    id: newId('whk'),
    app_id: 'app_test',
    url,
    events: ['message.created' as const],
    secret: 'whsec_test',
    created_at: now,
    updated_at: now,
  };
}

function deliveryFor(webhookId: string, createdAt: number, nextAttemptAt: number): DeliveryRecord {
  const id = newId('evt');
  return {
    id,
    webhook_id: webhookId,
    app_id: 'app_test',
    session_id: null,
    order_key: `${webhookId}:${id}`,
    event: 'message.created',
    body: JSON.stringify({ event: 'message.created', timestamp: toIso(createdAt), data: {} }),
    status: 'pending',
    attempts: [],
    next_attempt_at: nextAttemptAt,
    created_at: toIso(createdAt),
  };
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** The real store, whose reads of deliveries fail while `failing` (a disk that cannot be read). */
class UnreadableDisk implements Store {
  failing = false;
  constructor(private readonly inner: Store) {}
  async get<C extends CollectionName>(collection: C, id: string) {
    if (this.failing && collection === 'deliveries') throw new Error('EIO: i/o error, read');
    return this.inner.get(collection, id);
  }
  findOne<C extends CollectionName>(collection: C, where: Where<C>) {
    return this.inner.findOne(collection, where);
  }
  list<C extends CollectionName>(collection: C, query: ListQuery<C>) {
    return this.inner.list(collection, query);
  }
  count<C extends CollectionName>(collection: C, where?: Where<C>) {
    return this.inner.count(collection, where);
  }
  listBelow<C extends OrderedCollection>(collection: C, query: BelowQuery<C>) {
    return this.inner.listBelow(collection, query);
  }
  all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]> {
    return this.inner.all(collection, where);
  }
  write(operations: WriteOperation[]) {
    return this.inner.write(operations);
  }
  close() {
    return this.inner.close();
  }
}

describe('the webhook dispatcher when the store fails', () => {
  it('a delivery it could not mark failed (the disk is full) is marked failed once the disk has room', async () => {
    const { store, disk } = await storeOnSmallDisk();
    const webhook = webhookAt('http://127.0.0.1:9/never');
    const now = Date.now();
    // Past the give-up time, waiting far ahead (behind an open circuit): the expiry gives up on it.
    const waiting = deliveryFor(webhook.id, now - 2 * 3_600_000, now + 3_600_000);
    await store.write([put('webhooks', webhook), put('deliveries', waiting)]);
    await disk.fillUnder(store);
    const dispatcher = dispatcherOn(storeOutbox({ store }), {
      giveUpAfterMs: 3_600_000,
      expiryIntervalMs: 50,
    });
    dispatcher.start();
    await sleep(300);
    expect((await store.get('deliveries', waiting.id))?.status).toBe('pending');

    disk.free();
    const given = await waitFor(
      async () => store.get('deliveries', waiting.id),
      (delivery) => delivery?.status === 'failed',
    );
    expect(given?.attempts.at(-1)?.error).toMatch(/gave up/);
  });

  it('an announced delivery it could not read is read again and sent', async () => {
    const folder = new SmallDisk();
    cleanups.push(() => folder.remove());
    const real = await LowdbStore.open({ directory: folder.folder });
    cleanups.push(() => real.close());
    const store = new UnreadableDisk(real);
    const target = await receiver();
    const webhook = webhookAt(target.url);
    await store.write([put('webhooks', webhook)]);
    const dispatcher = dispatcherOn(storeOutbox({ store }));
    dispatcher.start();
    await sleep(50);

    const announced = deliveryFor(webhook.id, Date.now(), Date.now());
    await store.write([put('deliveries', announced)]);
    store.failing = true;
    dispatcher.nudge([announced.id]);
    await sleep(200);
    store.failing = false;

    const delivered = await waitFor(
      async () => store.get('deliveries', announced.id),
      (delivery) => delivery?.status === 'delivered',
    );
    expect(delivered?.attempts).toHaveLength(1);
    expect(target.requests).toHaveLength(1);
  });

  it('a test delivery whose attempt could not be recorded answers an error, not 404, and is sent again later', async () => {
    const { store: raw, disk } = await storeOnSmallDisk();
    const engine = new Engine({ store: raw, model: new OfflineModel() });
    const store = raw;
    let fill = true;
    // The receiver gets the first attempt, and the disk fills up before its answer is recorded.
    const target = await receiver(() => {
      if (fill) {
        fill = false;
        disk.fill();
      }
      return 200;
    });
    const agent = await engine.agents.create({ name: 'Hooked' } as never);
    const app = await engine.apps.create({ name: 'Hooked', agents: [agent.id] } as never);
    const webhook = await engine.webhooks.create(app.id, {
      url: target.url,
      events: ['session.started'],
    } as never);
    const dispatcher = dispatcherOn(engine.outbox);
    // Wired as the server wires it: the engine announces what it writes to the outbox.
    cleanups.push(engine.outbox.onWritten((deliveryIds) => dispatcher.nudge(deliveryIds)));
    dispatcher.start();
    // Pad the journal's last page, so the attempt's record cannot fit in what is left of it.
    await store.write([put('definitions', { id: 'padding', text: 'x'.repeat(6_000) } as never)]);

    const created = await engine.webhooks.createTestDelivery(app.id, webhook.id);
    const answer = await dispatcher.deliverNow(created.id).then(
      () => null,
      (error: { status?: number; code?: string }) => error,
    );
    expect(answer?.code).toBe('internal_error');
    expect((await store.get('deliveries', created.id))?.status).toBe('pending');

    disk.free();
    const delivered = await waitFor(
      async () => store.get('deliveries', created.id),
      (delivery) => delivery?.status === 'delivered',
    );
    expect(delivered?.attempts.length).toBeGreaterThanOrEqual(1);
  });

  it('a test delivery, now announced as it is written, is still sent once', async () => {
    const folder = new SmallDisk();
    cleanups.push(() => folder.remove());
    const raw = await LowdbStore.open({ directory: folder.folder });
    cleanups.push(() => raw.close());
    const engine = new Engine({ store: raw, model: new OfflineModel() });
    const target = await receiver();
    const agent = await engine.agents.create({ name: 'Hooked' } as never);
    const app = await engine.apps.create({ name: 'Hooked', agents: [agent.id] } as never);
    const webhook = await engine.webhooks.create(app.id, {
      url: target.url,
      events: ['session.started'],
    } as never);
    const dispatcher = dispatcherOn(engine.outbox);
    cleanups.push(engine.outbox.onWritten((deliveryIds) => dispatcher.nudge(deliveryIds)));
    dispatcher.start();
    await sleep(50);

    for (let round = 0; round < 5; round += 1) {
      const created = await engine.webhooks.createTestDelivery(app.id, webhook.id);
      expect((await dispatcher.deliverNow(created.id)).status).toBe('delivered');
    }
    await sleep(200);
    expect(target.requests).toHaveLength(5);
  });
});
