/**
 * Deliveries carry the Standard Webhooks headers as well as the reference
 * document's signature, checked with the Standard Webhooks project's own
 * library (`standardwebhooks`), so a receiver can refuse a replayed body.
 */
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type DeliveryRecord,
  newId,
  put,
  type Store,
  storeOutbox,
  toIso,
  type WebhookRecord,
} from '@parley/engine';
import { LowdbStore } from '@parley/store-lowdb';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ReceivedRequest, startReceiver } from '../../test/support/test-receiver.js';
import { WebhookDispatcher } from './dispatcher.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openStore(): Promise<Store> {
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-standard-webhooks-'));
  const store = await LowdbStore.open({ directory: folder });
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  return store;
}

function webhookRecord(url: string, secret: string): WebhookRecord {
  const now = toIso(Date.now());
  return {
    id: newId('whk'),
    app_id: 'app_test',
    url,
    events: ['session.started'],
    secret,
    created_at: now,
    updated_at: now,
  };
}

function deliveryRecord(webhook: WebhookRecord): DeliveryRecord {
  const id = newId('evt');
  const now = Date.now();
  return {
    id,
    webhook_id: webhook.id,
    app_id: webhook.app_id,
    session_id: 'sess_standard',
    order_key: `${webhook.id}:sess_standard`,
    event: 'session.started',
    body: JSON.stringify({ event: 'session.started', timestamp: toIso(now), data: { session_id: 'x' } }),
    status: 'pending',
    attempts: [],
    next_attempt_at: now,
    created_at: toIso(now),
  };
}

function plainHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}

/** Sends one delivery through a real dispatcher to a local receiver; answers what arrived. */
async function deliverOnce(
  secret: string,
  answers: number[] = [200],
): Promise<{
  delivery: DeliveryRecord;
  requests: ReceivedRequest[];
}> {
  const receiver = await startReceiver((_request, index) => answers[index] ?? 200);
  cleanups.push(() => receiver.close());
  const store = await openStore();
  const webhook = webhookRecord(receiver.url, secret);
  const delivery = deliveryRecord(webhook);
  await store.write([put('webhooks', webhook), put('deliveries', delivery)]);
  const dispatcher = new WebhookDispatcher({
    outbox: storeOutbox({ store }),
    allowPrivateUrls: true,
    // after a failure, the next attempt is 1.1–2.2 s later: a later second in `webhook-timestamp`
    retryBaseMs: 2200,
    retryMaxMs: 2200,
    timeoutMs: 2000,
  });
  cleanups.push(() => dispatcher.stop());
  dispatcher.start();
  const deadline = Date.now() + 10_000;
  while ((await store.get('deliveries', delivery.id))?.status !== 'delivered') {
    if (Date.now() > deadline) throw new Error('the delivery never arrived');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { delivery, requests: receiver.requests };
}

describe('Standard Webhooks headers', () => {
  it('verify with the standardwebhooks library, keyed with the secret as documented', async () => {
    const secret = 'whsec_xxxxx';
    const { delivery, requests } = await deliverOnce(secret);
    const [request] = requests;
    if (!request) throw new Error('nothing arrived');
    const headers = plainHeaders(request.headers);

    expect(headers['webhook-id']).toBe(delivery.id);
    expect(headers['x-parley-event-id']).toBe(delivery.id);
    expect(Number(headers['webhook-timestamp'])).toBeCloseTo(Date.now() / 1000, -1);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    // As documented: the raw secret, or `whsec_` + base64 of its UTF-8 bytes for any Standard Webhooks library.
    expect(new Webhook(secret, { format: 'raw' }).verify(request.body.toString(), headers)).toEqual(
      JSON.parse(delivery.body),
    );
    const canonical = `whsec_${Buffer.from(secret, 'utf8').toString('base64')}`;
    expect(new Webhook(canonical).verify(request.body, headers)).toEqual(JSON.parse(delivery.body));
    // The reference document's scheme still holds beside it.
    expect(headers['x-parley-signature']).toBe(
      crypto.createHmac('sha256', secret).update(request.body).digest('hex'),
    );
  });

  it('refuse a captured body re-sent with another id, a fresher timestamp, or too late', async () => {
    const secret = 'whsec_0123456789abcdefghij';
    const { requests } = await deliverOnce(secret);
    const [request] = requests;
    if (!request) throw new Error('nothing arrived');
    const captured = plainHeaders(request.headers);
    const body = request.body.toString();
    const receiver = new Webhook(secret, { format: 'raw' });
    expect(() => receiver.verify(body, captured)).not.toThrow();

    const newId = {
      ...captured,
      'webhook-id': 'evt_replayed0000000000',
      'x-parley-event-id': 'evt_replayed',
    };
    expect(() => receiver.verify(body, newId)).toThrow(WebhookVerificationError);
    const fresher = { ...captured, 'webhook-timestamp': String(Number(captured['webhook-timestamp']) + 60) };
    expect(() => receiver.verify(body, fresher)).toThrow(WebhookVerificationError);
    const tampered = body.replace('session.started', 'session.ended');
    expect(() => receiver.verify(tampered, captured)).toThrow(WebhookVerificationError);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 6 * 60_000 });
    expect(() => receiver.verify(body, captured)).toThrow('Message timestamp too old');
  });

  it('sign each attempt with its own timestamp and the same id', async () => {
    const secret = 'whsec_0123456789abcdefghij';
    const { delivery, requests } = await deliverOnce(secret, [500, 200]);
    const [first, second] = requests.map((request) => plainHeaders(request.headers));
    if (!first || !second) throw new Error('expected two attempts');

    expect([first['webhook-id'], second['webhook-id']]).toEqual([delivery.id, delivery.id]);
    expect(Number(second['webhook-timestamp'])).toBeGreaterThan(Number(first['webhook-timestamp']));
    const receiver = new Webhook(secret, { format: 'raw' });
    for (const [index, headers] of [first, second].entries()) {
      expect(receiver.verify(requests[index]?.body.toString() ?? '', headers)).toBeTruthy();
    }
  });
});
