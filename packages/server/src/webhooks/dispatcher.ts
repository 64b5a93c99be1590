import { type DeliveryRecord, notFound, yieldToEventLoop } from '@parley/engine';
import { type Logger, logFailure } from '../logger.js';
import { retryDelay } from './backoff.js';
import {
  type AttemptOutcome,
  attemptDelivery,
  brokenAttempt,
  giveUpReason,
  receiverOutcome,
  succeeded,
} from './delivery-attempt.js';
import { DeliverySchedule, type TakenDelivery } from './delivery-schedule.js';
import {
  type DispatcherSettings,
  dispatcherSettings,
  type WebhookDispatcherOptions,
} from './dispatcher-settings.js';

export type { WebhookDispatcherOptions } from './dispatcher-settings.js';
/** The URL check for the webhook routes, exported with the dispatcher as the package's webhook API. */
export { checkWebhookUrl, isPrivateAddress } from './private-address.js';

const maxCircuitDelayMs = 5 * 60_000;

/**
 * Sends the outbox: every pending delivery in the store, at least once, with
 * retries and backoff. Deliveries sharing an `order_key` (one webhook, one
 * session) go out one at a time in creation order. All state lives in the
 * store, reached through the engine's `Outbox`: the pending deliveries are read
 * once at start and then learnt as they are written (`nudge` with their ids,
 * which the engine's `commit` announces), so a new dispatcher on a reopened
 * store carries on where the last one stopped, and no cycle re-reads the
 * outbox. Which delivery goes next is the in-memory `DeliverySchedule`'s
 * choice (fair between webhooks, a dead receiver backed off as a whole);
 * sending one delivery and recording it is `attemptDelivery`'s, which first claims the
 * delivery in the store, so the dispatchers of several nodes send each attempt once.
 */
export class WebhookDispatcher {
  private readonly settings: DispatcherSettings;
  private readonly logger: Logger | undefined;
  private readonly schedule: DeliverySchedule;
  private running = false;
  private loaded = false;
  private loading: Promise<void> | null = null;
  /** Ids announced before the pending deliveries were loaded. */
  private readonly announcedEarly: string[] = [];
  /** Announced deliveries are read and added one batch after the other, keeping their order. */
  private admitting: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private expiring: Promise<void> | null = null;
  /** The expiry tried again soon after the store failed. */
  private expiryRetryTimer: NodeJS.Timeout | undefined;
  /** Announced ids that could not be read (the store failed), read again soon. */
  private readonly unreadAnnounced: string[] = [];
  private admitRetryTimer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** Attempts taken from the schedule and under way. */
  private active = 0;
  /** Attempts under way, by delivery id; they resolve, never reject. */
  private readonly inFlight = new Map<string, Promise<AttemptOutcome>>();

  /** A failure that lasted this long held its slot: it counts for the receiver's circuit. */
  private readonly slowFailureMs: number;

  constructor(options: WebhookDispatcherOptions) {
    this.logger = options.logger;
    this.settings = dispatcherSettings(options);
    this.slowFailureMs = Math.min(1000, this.settings.timeoutMs / 2);
    const backoff = { baseMs: this.settings.retryBaseMs, maxMs: this.settings.retryMaxMs };
    this.schedule = new DeliverySchedule({
      perEndpointConcurrency: this.settings.perEndpointConcurrency,
      circuitThreshold: this.settings.circuitThreshold,
      quickFailureSpacingMs: 1000 / this.settings.quickFailuresPerSecond,
      // At most 5 minutes between probes, so a receiver that comes back is found soon.
      circuitDelay: (failures) =>
        retryDelay(failures, { ...backoff, maxMs: Math.min(backoff.maxMs, maxCircuitDelayMs) }),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (!this.loading) this.loading = this.load();
    else this.pump();
    this.expiryTimer = setInterval(() => this.runExpiry(), this.settings.expiryIntervalMs);
    this.expiryTimer.unref();
  }

  /** Stops sending and waits for the attempts under way. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    clearInterval(this.expiryTimer);
    clearTimeout(this.expiryRetryTimer);
    this.expiryRetryTimer = undefined;
    clearTimeout(this.admitRetryTimer);
    this.admitRetryTimer = undefined;
    await this.expiring;
    await this.loading;
    await this.admitting;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  /**
   * New pending deliveries were written (their ids, as the engine announces
   * them); without ids, only looks whether something is due.
   */
  nudge(deliveryIds: readonly string[] = []): void {
    if (!this.running) return;
    if (deliveryIds.length === 0) this.pump();
    else if (!this.loaded) this.announcedEarly.push(...deliveryIds);
    else this.admit(deliveryIds);
  }

  /**
   * Sends one delivery now, whatever its schedule, status or place in its
   * order, records the attempt and answers the updated record. If it is being
   * sent already, answers the outcome of that attempt.
   */
  async deliverNow(deliveryId: string): Promise<DeliveryRecord> {
    const underWay = (await this.inFlight.get(deliveryId))?.record;
    if (underWay) return underWay;
    const delivery = await this.settings.outbox.delivery(deliveryId);
    if (!delivery) throw notFound('Delivery', 'delivery_id', deliveryId);
    // Started meanwhile (the schedule learnt of a new test delivery from its announcement): one send.
    const startedMeanwhile = this.inFlight.get(deliveryId);
    if (startedMeanwhile) {
      const { record } = await startedMeanwhile;
      if (record) return record;
    }
    const attempt = attemptDelivery(this.settings, this.logger, deliveryId, false);
    this.track(deliveryId, attempt);
    const { record, sent } = await attempt;
    if (!record) throw notFound('Delivery', 'delivery_id', deliveryId);
    // A test delivery that gets through (the receiver was fixed) closes the webhook's circuit.
    if (sent && succeeded(sent)) this.schedule.noteOutcome(record.webhook_id, 'success', this.settings.now());
    // A delivery written without an announcement (a test delivery) that must be retried.
    if (record.status === 'pending' && this.running && this.loaded) {
      this.schedule.add(record, this.settings.now());
      this.pump();
    }
    return record;
  }

  /**
   * Marks failed the deliveries created more than `giveUpAfterMs` ago that are
   * still waiting (behind a receiver's open circuit, which may let one through
   * every few minutes only), in slices; a delivery being sent is left to its attempt.
   */
  private async expireOld(): Promise<void> {
    if (!this.loaded) return;
    for (;;) {
      const now = this.settings.now();
      const expired = this.schedule.takeExpired(now - this.settings.giveUpAfterMs, 200);
      if (expired.length === 0) break;
      let failed = false;
      for (const [index, taken] of expired.entries()) {
        try {
          await this.giveUp(taken.id, now);
        } catch (error) {
          this.logger?.error(
            { err: error, delivery_id: taken.id },
            'webhook delivery could not be given up; trying again',
          );
          // The store failed: this one and the rest stay scheduled, and are given up on again soon.
          for (const left of expired.slice(index)) this.schedule.restore(left, this.settings.now());
          failed = true;
          break;
        }
        this.schedule.release(taken, this.settings.now());
      }
      if (failed) {
        this.expireSoon();
        break;
      }
      if (!this.running) break;
      await yieldToEventLoop();
    }
    this.pump();
  }

  /** Runs the expiry (one at a time). */
  private runExpiry(): void {
    this.expiring ??= this.expireOld().finally(() => {
      this.expiring = null;
    });
  }

  /** The expiry again after `pollIntervalMs` (the store failed), not only at the next interval. */
  private expireSoon(): void {
    if (!this.running || this.expiryRetryTimer) return;
    this.expiryRetryTimer = setTimeout(() => {
      this.expiryRetryTimer = undefined;
      this.runExpiry();
    }, this.settings.pollIntervalMs);
    this.expiryRetryTimer.unref();
  }

  private async giveUp(deliveryId: string, now: number): Promise<void> {
    const marked = await this.settings.outbox.markFailed(
      deliveryId,
      giveUpReason(this.settings.giveUpAfterMs),
      now,
    );
    if (marked) this.logger?.warn({ delivery_id: deliveryId }, 'webhook delivery failed for good');
  }

  /** Reads the pending deliveries once; retried after a store failure. */
  private async load(): Promise<void> {
    while (this.running && !this.loaded) {
      try {
        // In pages; after a failure the read starts over (the schedule skips what it knows).
        await this.settings.outbox.pendingDeliveries((pending) => {
          const now = this.settings.now();
          for (const delivery of pending) this.schedule.add(delivery, now);
        });
        this.loaded = true;
      } catch (error) {
        if (this.logger) logFailure(this.logger, error, 'webhook outbox could not be read; trying again');
        await new Promise((resolve) => setTimeout(resolve, this.settings.pollIntervalMs));
      }
    }
    if (!this.loaded) {
      // Stopped before the outbox could be read: the next start reads it.
      this.loading = null;
      return;
    }
    if (this.announcedEarly.length > 0) this.admit(this.announcedEarly.splice(0));
    this.pump();
  }

  private admit(deliveryIds: readonly string[]): void {
    this.admitting = this.admitting.then(async () => {
      const now = this.settings.now();
      for (const id of deliveryIds) {
        try {
          const delivery = await this.settings.outbox.delivery(id);
          if (delivery?.status === 'pending') this.schedule.add(delivery, now);
        } catch (error) {
          this.logger?.error(
            { err: error, delivery_id: id },
            'announced webhook delivery could not be read; trying again',
          );
          this.unreadAnnounced.push(id);
        }
      }
      if (this.unreadAnnounced.length > 0) this.admitSoon();
      this.pump();
    });
  }

  /** Reads again, after `pollIntervalMs`, the announced ids the store failed to give. */
  private admitSoon(): void {
    if (!this.running || this.admitRetryTimer) return;
    this.admitRetryTimer = setTimeout(() => {
      this.admitRetryTimer = undefined;
      if (this.running) this.admit(this.unreadAnnounced.splice(0));
    }, this.settings.pollIntervalMs);
    this.admitRetryTimer.unref();
  }

  /** Starts what is due, fairly, up to the concurrency; then sleeps until the next due time. */
  private pump(): void {
    if (!this.running || !this.loaded) return;
    const now = this.settings.now();
    const slots = this.settings.concurrency - this.active;
    // Every slot busy: the next attempt to end looks again.
    if (slots <= 0) return;
    for (const taken of this.schedule.take(now, slots)) this.launch(taken);
    const wakeAt = this.schedule.nextWakeAt(now);
    if (wakeAt === null) {
      this.clearTimer();
      return;
    }
    if (this.timer && this.timerAt <= wakeAt) return;
    this.clearTimer();
    this.timerAt = wakeAt;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.pump();
      },
      Math.max(1, wakeAt - now),
    );
    this.timer.unref();
  }

  private clearTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private launch(taken: TakenDelivery): void {
    this.active += 1;
    const attempt =
      this.inFlight.get(taken.id) ??
      this.track(taken.id, attemptDelivery(this.settings, this.logger, taken.id, true));
    void attempt.then((outcome) => {
      this.active -= 1;
      const now = this.settings.now();
      const { record } = outcome;
      let retryAt: number | null = null;
      if (outcome === brokenAttempt) retryAt = now + this.settings.pollIntervalMs;
      else if (record?.status === 'pending') retryAt = record.next_attempt_at;
      this.schedule.settle(taken, retryAt, receiverOutcome(outcome.sent, this.slowFailureMs), now);
      this.pump();
    });
  }

  /** Tracks an attempt until it ends; the answer never rejects (a failure is `brokenAttempt`). */
  private track(deliveryId: string, attempt: Promise<AttemptOutcome>): Promise<AttemptOutcome> {
    const tracked = attempt
      .catch((error: unknown) => {
        if (this.logger)
          logFailure(this.logger, error, 'webhook delivery attempt failed', { delivery_id: deliveryId });
        return brokenAttempt;
      })
      .finally(() => this.inFlight.delete(deliveryId));
    this.inFlight.set(deliveryId, tracked);
    return tracked;
  }
}
