import { MinHeap } from './min-heap.js';

/** What the schedule keeps of a pending delivery: enough to order it, not its body. */
export interface SchedulableDelivery {
  id: string;
  webhook_id: string;
  order_key: string;
  next_attempt_at: number;
  created_at: string;
}

/** A delivery whose turn it is, taken from the schedule until `settle`. */
export interface TakenDelivery {
  id: string;
  orderKey: string;
  webhookId: string;
}

/**
 * How an attempt went, for the receiver's circuit: `slow-failure` held its
 * slot a long time (a timeout), `failure` did not (refused, a quick 500);
 * `neutral` (nothing sent) does not count.
 */
export type ReceiverOutcome = 'success' | 'failure' | 'slow-failure' | 'neutral';

export interface ScheduleSettings {
  /** Attempts at once to one webhook. */
  perEndpointConcurrency: number;
  /** Failures in a row after which the webhook is tried one at a time, after a wait. */
  circuitThreshold: number;
  /** The wait after the n-th slow failure past the threshold (1 for the first). */
  circuitDelay(failuresPastThreshold: number): number;
  /** The wait after a quick failure past the threshold: such a receiver is tried at a steady, low rate. */
  quickFailureSpacingMs: number;
}

/** One session's deliveries to one webhook (`order_key`): sent one at a time, oldest first. */
interface OrderQueue {
  webhookId: string;
  /** Oldest first; the first is the head, the only one that may be sent. */
  entries: { id: string; dueAt: number; createdAt: number }[];
  busy: boolean;
  ready: boolean;
}

/** One webhook (its receiver URL) as the dispatcher sees it. */
interface Endpoint {
  /** Order keys whose head is due, in the order they became due. */
  ready: Set<string>;
  inFlight: number;
  /** Failed attempts in a row. */
  failures: number;
  /** While the circuit is open, nothing is sent to this webhook before this time. */
  openUntil: number;
}

/**
 * The pending deliveries, in memory, fed as they are written: per order key a
 * queue, per webhook its due queues, a heap of the next due times. Taking work
 * costs the number of webhooks with due work, never the number of deliveries.
 *
 * Fairness: webhooks with due deliveries take turns (round-robin); each has at
 * most `perEndpointConcurrency` attempts under way. A webhook whose last
 * `circuitThreshold` attempts failed is tried one at a time (its circuit is
 * open): after a slow failure (a timeout) only after a growing wait, so a dead
 * receiver holds no slot while it waits; after a quick one at a steady low
 * rate, so a refusing receiver with a large backlog costs little. Its
 * deliveries do not stand in front of anyone else's. A success closes it.
 */
export class DeliverySchedule {
  private readonly queues = new Map<string, OrderQueue>();
  private readonly endpoints = new Map<string, Endpoint>();
  /** Order keys whose head is not due yet, by due time (stale entries are skipped). */
  private readonly waiting = new MinHeap<string>();
  /** Webhooks with due order keys, in turn order. */
  private readonly turns = new Set<string>();
  private readonly known = new Set<string>();

  constructor(private readonly settings: ScheduleSettings) {}

  /** How many pending deliveries are held. */
  get size(): number {
    return this.known.size;
  }

  has(deliveryId: string): boolean {
    return this.known.has(deliveryId);
  }

  /** Adds a pending delivery after those of its order key already held; false if it is held already. */
  add(delivery: SchedulableDelivery, now: number): boolean {
    if (this.known.has(delivery.id)) return false;
    this.known.add(delivery.id);
    let queue = this.queues.get(delivery.order_key);
    if (!queue) {
      queue = { webhookId: delivery.webhook_id, entries: [], busy: false, ready: false };
      this.queues.set(delivery.order_key, queue);
    }
    queue.entries.push({
      id: delivery.id,
      dueAt: delivery.next_attempt_at,
      createdAt: Date.parse(delivery.created_at),
    });
    if (queue.entries.length === 1) this.scheduleHead(delivery.order_key, queue, now);
    return true;
  }

  /** Up to `slots` due heads, webhooks taking turns; each stays taken until `settle`. */
  take(now: number, slots: number): TakenDelivery[] {
    this.promoteDue(now);
    const taken: TakenDelivery[] = [];
    let skipped = 0;
    while (taken.length < slots && this.turns.size > skipped) {
      const webhookId = this.turns.values().next().value as string;
      const endpoint = this.endpoints.get(webhookId);
      this.turns.delete(webhookId);
      if (!endpoint || endpoint.ready.size === 0) continue;
      this.turns.add(webhookId);
      if (endpoint.inFlight >= this.capacity(endpoint) || endpoint.openUntil > now) {
        skipped += 1;
        continue;
      }
      const orderKey = endpoint.ready.values().next().value as string;
      endpoint.ready.delete(orderKey);
      if (endpoint.ready.size === 0) this.turns.delete(webhookId);
      const queue = this.queues.get(orderKey);
      const head = queue?.entries[0];
      if (!queue || !head) continue;
      queue.ready = false;
      queue.busy = true;
      endpoint.inFlight += 1;
      taken.push({ id: head.id, orderKey, webhookId });
      skipped = 0;
    }
    return taken;
  }

  /**
   * The taken head's attempt is over: `retryAt` when it stays pending, null
   * when it is done (delivered, failed or gone). The next in its order goes next.
   */
  settle(taken: TakenDelivery, retryAt: number | null, outcome: ReceiverOutcome, now: number): void {
    const endpoint = this.endpoints.get(taken.webhookId);
    if (endpoint) {
      endpoint.inFlight = Math.max(0, endpoint.inFlight - 1);
      this.recordOutcome(endpoint, outcome, now);
    }
    this.advance(taken, retryAt, now);
  }

  /**
   * Up to `limit` heads created before `createdBefore` and not under way,
   * taken out of turn (their receiver's circuit may hold them back for long):
   * the dispatcher gives up on them and calls `release`.
   */
  takeExpired(createdBefore: number, limit: number): TakenDelivery[] {
    const taken: TakenDelivery[] = [];
    for (const [orderKey, queue] of this.queues) {
      if (taken.length >= limit) break;
      const head = queue.entries[0];
      if (queue.busy || !head || head.createdAt >= createdBefore) continue;
      if (queue.ready) {
        const endpoint = this.endpoints.get(queue.webhookId);
        endpoint?.ready.delete(orderKey);
        if (endpoint?.ready.size === 0) this.turns.delete(queue.webhookId);
        queue.ready = false;
      }
      queue.busy = true;
      taken.push({ id: head.id, orderKey, webhookId: queue.webhookId });
    }
    return taken;
  }

  /** A head from `takeExpired` is done with: the next in its order goes next. */
  release(taken: TakenDelivery, now: number): void {
    this.advance(taken, null, now);
  }

  /** A head from `takeExpired` that could not be given up (the store failed): it stays as it was. */
  restore(taken: TakenDelivery, now: number): void {
    const head = this.queues.get(taken.orderKey)?.entries[0];
    this.advance(taken, head?.dueAt ?? null, now);
  }

  private advance(taken: TakenDelivery, retryAt: number | null, now: number): void {
    const queue = this.queues.get(taken.orderKey);
    if (!queue) return;
    queue.busy = false;
    const head = queue.entries[0];
    if (retryAt === null || !head) {
      queue.entries.shift();
      this.known.delete(taken.id);
      if (queue.entries.length === 0) {
        this.queues.delete(taken.orderKey);
        this.forgetIdleEndpoint(taken.webhookId);
        return;
      }
    } else {
      head.dueAt = retryAt;
    }
    this.scheduleHead(taken.orderKey, queue, now);
  }

  /** An attempt made outside the schedule (a test delivery sent at once) also tells about its receiver. */
  noteOutcome(webhookId: string, outcome: ReceiverOutcome, now: number): void {
    const endpoint = this.endpoints.get(webhookId);
    if (endpoint) this.recordOutcome(endpoint, outcome, now);
  }

  /** When something may next be taken: the earliest waiting head or circuit reopening; null when nothing waits. */
  nextWakeAt(now: number): number | null {
    let earliest = this.waiting.peekAt() ?? Number.POSITIVE_INFINITY;
    for (const webhookId of this.turns) {
      const endpoint = this.endpoints.get(webhookId);
      if (endpoint && endpoint.openUntil > now) earliest = Math.min(earliest, endpoint.openUntil);
    }
    return Number.isFinite(earliest) ? earliest : null;
  }

  private capacity(endpoint: Endpoint): number {
    return endpoint.failures >= this.settings.circuitThreshold ? 1 : this.settings.perEndpointConcurrency;
  }

  private recordOutcome(endpoint: Endpoint, outcome: ReceiverOutcome, now: number): void {
    if (outcome === 'success') {
      endpoint.failures = 0;
      endpoint.openUntil = 0;
    } else if (outcome !== 'neutral') {
      endpoint.failures += 1;
      const past = endpoint.failures - this.settings.circuitThreshold + 1;
      if (past <= 0) return;
      const wait =
        outcome === 'slow-failure' ? this.settings.circuitDelay(past) : this.settings.quickFailureSpacingMs;
      endpoint.openUntil = Math.max(endpoint.openUntil, now + wait);
    }
  }

  private scheduleHead(orderKey: string, queue: OrderQueue, now: number): void {
    const head = queue.entries[0];
    if (!head) return;
    if (head.dueAt <= now) this.markReady(orderKey, queue);
    else this.waiting.push(head.dueAt, orderKey);
  }

  private promoteDue(now: number): void {
    for (let at = this.waiting.peekAt(); at !== undefined && at <= now; at = this.waiting.peekAt()) {
      const orderKey = this.waiting.pop()?.value as string;
      const queue = this.queues.get(orderKey);
      const head = queue?.entries[0];
      if (queue && head && !queue.busy && !queue.ready && head.dueAt <= now) this.markReady(orderKey, queue);
    }
  }

  private markReady(orderKey: string, queue: OrderQueue): void {
    queue.ready = true;
    let endpoint = this.endpoints.get(queue.webhookId);
    if (!endpoint) {
      endpoint = { ready: new Set(), inFlight: 0, failures: 0, openUntil: 0 };
      this.endpoints.set(queue.webhookId, endpoint);
    }
    endpoint.ready.add(orderKey);
    this.turns.add(queue.webhookId);
  }

  /** A webhook with nothing held, nothing under way and a closed circuit is forgotten. */
  private forgetIdleEndpoint(webhookId: string): void {
    const endpoint = this.endpoints.get(webhookId);
    if (endpoint && endpoint.ready.size === 0 && endpoint.inFlight === 0 && endpoint.failures === 0)
      this.endpoints.delete(webhookId);
  }
}
