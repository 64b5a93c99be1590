import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type DeliveryRecord,
  newId,
  put,
  remove,
  type Store,
  storeOutbox,
  toIso,
  type WebhookRecord,
} from '@parley/engine';
import { LowdbStore } from '@parley/store-lowdb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deadPort,
  type ReceivedRequest,
  startReceiver,
  type TestReceiver,
} from '../../test/support/test-receiver.js';
import { WebhookDispatcher, type WebhookDispatcherOptions } from './dispatcher.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-webhooks-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

async function openStore(folder = newFolder()): Promise<Store> {
  const store = await LowdbStore.open({ directory: folder });
  cleanups.push(() => store.close());
  return store;
}

async function receiver(...parameters: Parameters<typeof startReceiver>): Promise<TestReceiver> {
  const started = await startReceiver(...parameters);
  cleanups.push(() => started.close());
  return started;
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

function webhookRecord(url: string, secret = 'whsec_first'): WebhookRecord {
  const now = toIso(Date.now());
  return {
    id: newId('whk'),
    app_id: 'app_test',
    url,
    events: ['session.started', 'message.created'],
    secret,
    created_at: now,
    updated_at: now,
  };
}

/** A delivery built the way the engine's outbox builds one. */
function deliveryRecord(webhook: WebhookRecord, sessionId: string | null, text = 'hello'): DeliveryRecord {
  const id = newId('evt');
  const now = Date.now();
  const event = 'message.created';
  return {
    id,
    webhook_id: webhook.id,
    app_id: webhook.app_id,
    session_id: sessionId,
    order_key: `${webhook.id}:${sessionId ?? id}`,
    event,
    body: JSON.stringify({ event, timestamp: toIso(now), data: { session_id: sessionId, text } }),
    status: 'pending',
    attempts: [],
    next_attempt_at: now,
    created_at: toIso(now),
  };
}

/** The seed's verification code, with our header name. */
function verify(request: { headers: IncomingHttpHeaders; body: Buffer }, webhookSecret: string): void {
  const signature = request.headers['x-parley-signature'];
  const expected = crypto.createHmac('sha256', webhookSecret).update(request.body).digest('hex');

  if (signature !== expected) {
    throw new Error('Invalid signature');
  }
}

function signedWith(request: ReceivedRequest | undefined, secret: string): boolean {
  if (!request) return false;
  try {
    verify(request, secret);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const readDelivery = (store: Store, id: string) => async () => store.get('deliveries', id);

function eventId(request: ReceivedRequest | undefined): string | undefined {
  const header = request?.headers['x-parley-event-id'];
  return typeof header === 'string' ? header : undefined;
}

describe('WebhookDispatcher', () => {
  it('sends a signed delivery the seed verification code accepts', async () => {
    const secret = 'whsec_seed';
    const target = await receiver((request) => {
      try {
        verify(request, secret);
        return 200;
      } catch {
        return 401;
      }
    });
    const store = await openStore();
    const webhook = webhookRecord(target.url, secret);
    const delivery = deliveryRecord(webhook, 'sess_one');
    await store.write([put('webhooks', webhook), put('deliveries', delivery)]);

    dispatcher(store).start();
    const done = await waitFor(readDelivery(store, delivery.id), (record) => record?.status === 'delivered');

    expect(done?.attempts).toEqual([
      { at: expect.any(String), status_code: 200, error: null, duration_ms: expect.any(Number) },
    ]);
    const [request] = target.requests;
    expect(request?.body.toString()).toBe(delivery.body);
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Parley-Webhooks/0.1',
      'x-parley-event': 'message.created',
      'x-parley-event-id': delivery.id,
      'x-parley-signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const tampered = {
      headers: request?.headers ?? {},
      body: Buffer.from(delivery.body.replace('hello', 'HELLO')),
    };
    expect(() => verify(tampered, secret)).toThrow('Invalid signature');
    expect(signedWith(request, 'whsec_other')).toBe(false);
  });

  it('retries with growing delays until the receiver accepts', async () => {
    const target = await receiver((_request, index) => (index < 2 ? 500 : 200));
    const store = await openStore();
    const webhook = webhookRecord(target.url);
    const delivery = deliveryRecord(webhook, 'sess_retry');
    await store.write([put('webhooks', webhook), put('deliveries', delivery)]);

    dispatcher(store).start();
    const done = await waitFor(readDelivery(store, delivery.id), (record) => record?.status === 'delivered');

    expect(done?.attempts.map((attempt) => attempt.status_code)).toEqual([500, 500, 200]);
    expect(done?.attempts.map((attempt) => attempt.error)).toEqual(['HTTP 500', 'HTTP 500', null]);
    const [first, second, third] = target.requests.map((request) => request.receivedAt);
    // equal jitter: after failure n the wait is at least half of 20 · 2^(n − 1)
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(10);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(20);
  });

  it('sends the deliveries of one session in order, one at a time, without blocking other sessions', async () => {
    const store = await openStore();
    const failuresLeft = new Map<string, number>();
    const target = await receiver((request) => {
      const id = eventId(request) ?? '';
      const left = failuresLeft.get(id) ?? 0;
      if (left === 0) return 200;
      failuresLeft.set(id, left - 1);
      return 500;
    });
    const webhook = webhookRecord(target.url);
    const [first, second, third] = ['one', 'two', 'three'].map((text) =>
      deliveryRecord(webhook, 'sess_a', text),
    );
    const other = deliveryRecord(webhook, 'sess_b');
    if (!first || !second || !third) throw new Error('unreachable');
    failuresLeft.set(first.id, 2);
    await store.write([
      put('webhooks', webhook),
      put('deliveries', first),
      put('deliveries', second),
      put('deliveries', third),
      put('deliveries', other),
    ]);

    dispatcher(store).start();
    await waitFor(readDelivery(store, third.id), (record) => record?.status === 'delivered');
    await waitFor(readDelivery(store, other.id), (record) => record?.status === 'delivered');

    const seen = target.requests.map(eventId);
    expect(seen.filter((id) => id !== other.id)).toEqual([first.id, first.id, first.id, second.id, third.id]);
    // the other session went out while the first delivery of sess_a was still failing
    expect(seen.indexOf(other.id)).toBeLessThan(seen.lastIndexOf(first.id));
  });

  it('gives up after giveUpAfterMs', async () => {
    const store = await openStore();
    const webhook = webhookRecord(`http://127.0.0.1:${await deadPort()}/hook`);
    const delivery = { ...deliveryRecord(webhook, 'sess_dead'), created_at: new Date().toISOString() };
    await store.write([put('webhooks', webhook), put('deliveries', delivery)]);

    dispatcher(store, { giveUpAfterMs: 100 }).start();
    const done = await waitFor(readDelivery(store, delivery.id), (record) => record?.status !== 'pending');

    expect(done?.status).toBe('failed');
    expect(done?.attempts.length).toBeGreaterThanOrEqual(1);
    expect(done?.attempts.every((attempt) => attempt.status_code === null && attempt.error !== null)).toBe(
      true,
    );
  });

  it('carries on after a restart: pending deliveries live in the store', async () => {
    let accepting = false;
    const target = await receiver(() => (accepting ? 200 : 503));
    const folder = newFolder();
    const first = await LowdbStore.open({ directory: folder });
    const webhook = webhookRecord(target.url);
    const deliveries = [deliveryRecord(webhook, 'sess_restart', 'a'), deliveryRecord(webhook, null, 'b')];
    await first.write([
      put('webhooks', webhook),
      ...deliveries.map((delivery) => put('deliveries', delivery)),
    ]);
    const before = new WebhookDispatcher({
      outbox: storeOutbox({ store: first }),
      allowPrivateUrls: true,
      retryBaseMs: 20,
      retryMaxMs: 40,
    });
    before.start();
    await waitFor(
      () => first.all('deliveries'),
      (records) => records.every((record) => record.attempts.length > 0),
    );
    await before.stop();
    await first.close();

    accepting = true;
    const store = await openStore(folder);
    expect((await store.all('deliveries', { status: 'pending' })).length).toBe(2);
    dispatcher(store).start();
    const done = await waitFor(
      () => store.all('deliveries'),
      (records) => records.every((record) => record.status === 'delivered'),
    );
    expect(done.map((record) => record.attempts.at(-1)?.status_code)).toEqual([200, 200]);
  });

  it('refuses loopback receivers when private URLs are not allowed', async () => {
    const target = await receiver();
    const store = await openStore();
    const byAddress = webhookRecord(`http://127.0.0.1:${target.port}/hook`);
    const byName = webhookRecord(`http://localhost:${target.port}/hook`);
    const deliveries = [deliveryRecord(byAddress, 'sess_x'), deliveryRecord(byName, 'sess_y')];
    await store.write([
      put('webhooks', byAddress),
      put('webhooks', byName),
      ...deliveries.map((delivery) => put('deliveries', delivery)),
    ]);

    dispatcher(store, { allowPrivateUrls: false }).start();
    const done = await waitFor(
      () => store.all('deliveries'),
      (records) => records.every((record) => record.attempts.length > 0),
    );

    for (const record of done) {
      expect(record.status).toBe('pending');
      expect(record.attempts[0]).toMatchObject({
        status_code: null,
        error: expect.stringMatching(/private address/),
      });
    }
    expect(target.requests).toHaveLength(0);
  });

  it('signs the next attempt with a rotated secret', async () => {
    const target = await receiver((_request, index) => (index === 0 ? 500 : 200));
    const store = await openStore();
    const webhook = webhookRecord(target.url, 'whsec_old');
    const delivery = deliveryRecord(webhook, 'sess_rotate');
    await store.write([put('webhooks', webhook), put('deliveries', delivery)]);
    const running = dispatcher(store, { retryBaseMs: 100, retryMaxMs: 100 });
    running.start();
    await waitFor(readDelivery(store, delivery.id), (record) => (record?.attempts.length ?? 0) === 1);

    await store.write([put('webhooks', { ...webhook, secret: 'whsec_new' })]);
    await waitFor(readDelivery(store, delivery.id), (record) => record?.status === 'delivered');

    const [before, after] = target.requests;
    expect(signedWith(before, 'whsec_old')).toBe(true);
    expect(signedWith(after, 'whsec_new')).toBe(true);
    expect(signedWith(after, 'whsec_old')).toBe(false);
  });

  it('deliverNow sends at once, whatever the schedule, and answers the updated record', async () => {
    const target = await receiver();
    const store = await openStore();
    const webhook = webhookRecord(target.url);
    const delivery = { ...deliveryRecord(webhook, null), next_attempt_at: Date.now() + 3_600_000 };
    await store.write([put('webhooks', webhook), put('deliveries', delivery)]);

    const updated = await dispatcher(store).deliverNow(delivery.id);

    expect(updated).toMatchObject({ id: delivery.id, status: 'delivered', attempts: [{ status_code: 200 }] });
    expect(await store.get('deliveries', delivery.id)).toEqual(updated);
    expect(target.requests).toHaveLength(1);
    await expect(dispatcher(store).deliverNow('evt_missing')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('fails a delivery whose webhook is gone', async () => {
    const store = await openStore();
    const webhook = webhookRecord('http://127.0.0.1:9/hook');
    const orphan = deliveryRecord(webhook, null);
    await store.write([put('deliveries', orphan)]);

    expect(await dispatcher(store).deliverNow(orphan.id)).toMatchObject({
      status: 'failed',
      attempts: [{ status_code: null, error: 'webhook deleted' }],
    });
  });

  it('stop waits for the attempts under way; a delivery deleted meanwhile stays deleted', async () => {
    const slowly = (status: number) => () => (response: ServerResponse) => {
      setTimeout(() => {
        response.statusCode = status;
        response.end();
      }, 100);
    };
    const kept = await receiver(slowly(200));
    const dropped = await receiver(slowly(500));
    const store = await openStore();
    const keptWebhook = webhookRecord(kept.url);
    const droppedWebhook = webhookRecord(dropped.url);
    const keptDelivery = deliveryRecord(keptWebhook, null);
    const droppedDelivery = deliveryRecord(droppedWebhook, null);
    await store.write([
      put('webhooks', keptWebhook),
      put('webhooks', droppedWebhook),
      put('deliveries', keptDelivery),
      put('deliveries', droppedDelivery),
    ]);
    const running = dispatcher(store);
    running.start();
    await waitFor(
      async () => kept.requests.length + dropped.requests.length,
      (count) => count === 2,
    );

    await store.write([remove('deliveries', droppedDelivery.id)]);
    await running.stop();

    expect((await store.get('deliveries', keptDelivery.id))?.status).toBe('delivered');
    expect(await store.get('deliveries', droppedDelivery.id)).toBeUndefined();
    running.nudge();
    expect(kept.requests).toHaveLength(1);
  });
});
