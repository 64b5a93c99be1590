import type { EventBus } from '../bus/event-bus.js';
import { forEachPage } from '../store/each-page.js';
import { claimLease, releaseLease } from '../store/lease.js';
import { put, type Store } from '../store/store.js';
import type { DeliveryAttempt, DeliveryRecord, DeliveryStatus, WebhookRecord } from '../types.js';
import { type Clock, systemClock, toIso } from '../util/clock.js';

/** What one attempt did, as the dispatcher decided it: the attempt, the status after it and when to try again. */
export interface AttemptRecord {
  attempt: DeliveryAttempt;
  status: DeliveryStatus;
  /** Epoch milliseconds of the next try, when the delivery stays pending; else the one recorded is kept. */
  nextAttemptAt: number | null;
}

/**
 * The webhook outbox as a dispatcher sees it: what waits to be sent, what one
 * attempt needs, and where its outcome goes. The operations are named for the
 * dispatcher's steps rather than for store calls, so a shared store can later
 * answer them with claims and leases (several dispatchers on one outbox)
 * without the dispatcher changing.
 */
export interface Outbox {
  /** The outbox's clock (the engine's). */
  now(): number;
  /**
   * Hands every delivery still waiting to be sent to `visit`, a keyset page of the store at a time
   * with a turn of the event loop between pages (read once when a dispatcher starts): a large
   * backlog is never read, or held as records, all at once.
   */
  pendingDeliveries(visit: (deliveries: DeliveryRecord[]) => void): Promise<void>;
  /** One delivery as recorded, or undefined once it is gone (delivered and pruned, or its webhook deleted). */
  delivery(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** The webhook a delivery goes to, or undefined if it was deleted. */
  webhookOf(delivery: DeliveryRecord): Promise<WebhookRecord | undefined>;
  /** Adds an attempt to the delivery with its outcome; answers the new record, or undefined if the delivery is gone. */
  recordAttempt(deliveryId: string, outcome: AttemptRecord): Promise<DeliveryRecord | undefined>;
  /** Marks a delivery still pending as failed for good, with `reason`; answers whether it was pending. */
  markFailed(deliveryId: string, reason: string, at: number): Promise<boolean>;
  /**
   * Takes one delivery for one attempt among the dispatchers on a shared store (the store's lease
   * `delivery:<id>` for `forMs`): false while another dispatcher holds it.
   */
  claim(deliveryId: string, holder: string, forMs: number): Promise<boolean>;
  /** Gives a claimed delivery back, once its attempt is recorded. */
  release(deliveryId: string, holder: string): Promise<void>;
  /** Calls `listener` with the ids of new deliveries as they are written, until the returned function is called. */
  onWritten(listener: (deliveryIds: readonly string[]) => void): () => void;
}

export interface OutboxParts {
  store: Store;
  /** Where the engine announces written deliveries; without it, `onWritten` never calls back. */
  bus?: EventBus;
  clock?: Clock;
}

/**
 * The outbox over a store. Attempts are written straight to the store, not
 * announced: a delivery the dispatcher is sending is already in its schedule.
 */
export function storeOutbox({ store, bus, clock = systemClock }: OutboxParts): Outbox {
  return {
    now: () => clock.now(),
    pendingDeliveries: (visit) =>
      forEachPage(store, 'deliveries', { status: 'pending' }, (deliveries) => {
        visit(deliveries);
        return undefined;
      }),
    delivery: (deliveryId) => store.get('deliveries', deliveryId),
    webhookOf: (delivery) => store.get('webhooks', delivery.webhook_id),
    async recordAttempt(deliveryId, outcome) {
      const current = await store.get('deliveries', deliveryId);
      if (!current) return undefined;
      const updated: DeliveryRecord = {
        ...current,
        status: outcome.status,
        attempts: [...current.attempts, outcome.attempt],
        next_attempt_at: outcome.nextAttemptAt ?? current.next_attempt_at,
      };
      await store.write([put('deliveries', updated)]);
      return updated;
    },
    async markFailed(deliveryId, reason, at) {
      const current = await store.get('deliveries', deliveryId);
      if (current?.status !== 'pending') return false;
      const attempts = [
        ...current.attempts,
        { at: toIso(at), status_code: null, error: reason, duration_ms: 0 },
      ];
      await store.write([put('deliveries', { ...current, status: 'failed', attempts })]);
      return true;
    },
    claim: (deliveryId, holder, forMs) =>
      claimLease(store, { name: `delivery:${deliveryId}`, holder, durationMs: forMs }, new Date(clock.now())),
    release: (deliveryId, holder) => releaseLease(store, { name: `delivery:${deliveryId}`, holder }),
    onWritten: (listener) => bus?.subscribe('outbox', (written) => listener(written.ids)) ?? (() => {}),
  };
}
