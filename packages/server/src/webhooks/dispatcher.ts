import { type DeliveryRecord, notFound, put, type Store, toIso } from '@parley/engine';
import type { Logger } from '../logger.js';
import { retryDelay } from './backoff.js';
import { type SendWebhookResult, sendWebhook } from './send-webhook.js';
import { signatureHeaders } from './signature-headers.js';

/** The URL check for the webhook routes, exported with the dispatcher as the package's webhook API. */
export { checkWebhookUrl, isPrivateAddress } from './private-address.js';

export interface WebhookDispatcherOptions {
  store: Store;
  logger?: Logger;
  /** Let webhooks reach loopback and private addresses (development only). */
  allowPrivateUrls: boolean;
  /** The delay after the first failed attempt, before jitter (default 1 s). */
  retryBaseMs?: number;
  /** The longest delay between two attempts (default 1 h). */
  retryMaxMs?: number;
  /** A delivery still failing this long after it was created is marked failed (default 25 h). */
  giveUpAfterMs?: number;
  /** Deliveries sent at once (default 8). */
  concurrency?: number;
  /** How often the outbox is looked at when nothing is due sooner (default 500 ms). */
  pollIntervalMs?: number;
  /** For one attempt, from resolving the host to the end of the answer (default 10 s). */
  timeoutMs?: number;
  now?: () => number;
}

type Settings = Required<Omit<WebhookDispatcherOptions, 'logger'>>;

const userAgent = 'Parley-Webhooks/0.1';
const webhookDeleted = 'webhook deleted';

/**
 * The delivery to try next for each `order_key`: its oldest pending one, oldest
 * keys first. `pending` comes from `Store.all`, which answers in creation order
 * (the store's own order, kept across restarts), so no wall clock decides.
 */
function headsOfOrderKeys(pending: DeliveryRecord[]): DeliveryRecord[] {
  const heads = new Map<string, DeliveryRecord>();
  for (const delivery of pending) if (!heads.has(delivery.order_key)) heads.set(delivery.order_key, delivery);
  return [...heads.values()];
}

function succeeded(result: SendWebhookResult): boolean {
  return (
    result.error === null && result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300
  );
}

/**
 * Sends the outbox: every pending delivery in the store, at least once, with
 * retries and backoff. Deliveries sharing an `order_key` (one webhook, one
 * session) go out one at a time in creation order. All state lives in the
 * store, so a new dispatcher on a reopened store carries on where the last
 * one stopped.
 */
export class WebhookDispatcher {
  private readonly settings: Settings;
  private readonly logger: Logger | undefined;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private cycle: Promise<void> | null = null;
  private cycleRequested = false;
  /** Attempts under way, by delivery id; they resolve, never reject. */
  private readonly inFlight = new Map<string, Promise<DeliveryRecord | undefined>>();
  /** How many attempts are under way per `order_key`. */
  private readonly busyKeys = new Map<string, number>();

  constructor(options: WebhookDispatcherOptions) {
    this.logger = options.logger;
    this.settings = {
      store: options.store,
      allowPrivateUrls: options.allowPrivateUrls,
      retryBaseMs: options.retryBaseMs ?? 1000,
      retryMaxMs: options.retryMaxMs ?? 3_600_000,
      giveUpAfterMs: options.giveUpAfterMs ?? 25 * 3_600_000,
      concurrency: Math.max(1, options.concurrency ?? 8),
      pollIntervalMs: options.pollIntervalMs ?? 500,
      timeoutMs: options.timeoutMs ?? 10_000,
      now: options.now ?? Date.now,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.nudge();
  }

  /** Stops looking for work and waits for the attempts under way. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.cycle;
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  /** Looks for work now (the engine calls it after writing deliveries). */
  nudge(): void {
    if (!this.running) return;
    if (this.cycle) {
      this.cycleRequested = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.cycleRequested = false;
    this.cycle = this.launchDue().then((wakeInMs) => {
      this.cycle = null;
      if (!this.running) return;
      if (this.cycleRequested) this.nudge();
      else this.wakeIn(wakeInMs);
    });
  }

  /**
   * Sends one delivery now, whatever its schedule, status or place in its
   * order, records the attempt and answers the updated record. If it is being
   * sent already, answers the outcome of that attempt.
   */
  async deliverNow(deliveryId: string): Promise<DeliveryRecord> {
    const underWay = await this.inFlight.get(deliveryId);
    if (underWay) return underWay;
    const delivery = await this.settings.store.get('deliveries', deliveryId);
    if (!delivery) throw notFound('Delivery', 'delivery_id', deliveryId);
    const updated = await this.launch(delivery, false);
    if (!updated) throw notFound('Delivery', 'delivery_id', deliveryId);
    return updated;
  }

  private wakeIn(milliseconds: number): void {
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.nudge();
      },
      Math.max(1, milliseconds),
    );
    this.timer.unref();
  }

  /** One cycle: starts every due head of an order key, up to the concurrency; answers when to look again. */
  private async launchDue(): Promise<number> {
    let wakeInMs = this.settings.pollIntervalMs;
    try {
      const pending = await this.settings.store.all('deliveries', { status: 'pending' });
      const now = this.settings.now();
      for (const delivery of headsOfOrderKeys(pending)) {
        if (!this.running || this.inFlight.size >= this.settings.concurrency) break;
        if (this.inFlight.has(delivery.id) || this.busyKeys.has(delivery.order_key)) continue;
        if (delivery.next_attempt_at > now) {
          wakeInMs = Math.min(wakeInMs, delivery.next_attempt_at - now);
          continue;
        }
        void this.launch(delivery, true);
      }
    } catch (error) {
      this.logger?.error({ err: error }, 'webhook dispatch cycle failed');
    }
    return wakeInMs;
  }

  /** Starts one attempt, tracked until it ends; the answer rejects only for `deliverNow`. */
  private launch(delivery: DeliveryRecord, onlyPending: boolean): Promise<DeliveryRecord | undefined> {
    const key = delivery.order_key;
    this.busyKeys.set(key, (this.busyKeys.get(key) ?? 0) + 1);
    const attempt = this.attempt(delivery.id, onlyPending);
    let broken = false;
    const tracked = attempt
      .catch((error: unknown) => {
        broken = true;
        this.logger?.error({ err: error, delivery_id: delivery.id }, 'webhook delivery attempt failed');
        return undefined;
      })
      .finally(() => {
        this.inFlight.delete(delivery.id);
        const remaining = (this.busyKeys.get(key) ?? 1) - 1;
        if (remaining > 0) this.busyKeys.set(key, remaining);
        else this.busyKeys.delete(key);
        // The next in line may go now; after a store error, wait for the poll instead of spinning.
        if (!broken) this.nudge();
      });
    this.inFlight.set(delivery.id, tracked);
    return attempt;
  }

  private async attempt(deliveryId: string, onlyPending: boolean): Promise<DeliveryRecord | undefined> {
    const { store } = this.settings;
    const delivery = await store.get('deliveries', deliveryId);
    if (!delivery || (onlyPending && delivery.status !== 'pending')) return delivery;
    const webhook = await store.get('webhooks', delivery.webhook_id);
    const startedAt = this.settings.now();
    if (!webhook) {
      return this.record(deliveryId, startedAt, { statusCode: null, error: webhookDeleted, durationMs: 0 });
    }
    const result = await sendWebhook({
      url: webhook.url,
      body: delivery.body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': userAgent,
        ...signatureHeaders(delivery, webhook.secret, startedAt),
      },
      timeoutMs: this.settings.timeoutMs,
      allowPrivate: this.settings.allowPrivateUrls,
    });
    return this.record(deliveryId, startedAt, result);
  }

  /** Writes the attempt into a new record, unless the delivery was deleted meanwhile. */
  private async record(
    deliveryId: string,
    startedAt: number,
    result: SendWebhookResult,
  ): Promise<DeliveryRecord | undefined> {
    const { store } = this.settings;
    const current = await store.get('deliveries', deliveryId);
    if (!current) return undefined;
    const now = this.settings.now();
    const attempts = [
      ...current.attempts,
      {
        at: toIso(startedAt),
        status_code: result.statusCode,
        error: result.error,
        duration_ms: result.durationMs,
      },
    ];
    const status = this.statusAfter(current, result, now);
    const nextAttemptAt =
      status === 'pending'
        ? now +
          retryDelay(attempts.length, { baseMs: this.settings.retryBaseMs, maxMs: this.settings.retryMaxMs })
        : current.next_attempt_at;
    const updated: DeliveryRecord = { ...current, status, attempts, next_attempt_at: nextAttemptAt };
    await store.write([put('deliveries', updated)]);
    if (status === 'pending') {
      this.logger?.debug(
        { delivery_id: deliveryId, status_code: result.statusCode, error: result.error },
        'webhook delivery attempt failed; will retry',
      );
    }
    if (status === 'failed') {
      this.logger?.warn({ delivery_id: deliveryId, error: result.error }, 'webhook delivery failed for good');
    }
    return updated;
  }

  private statusAfter(
    current: DeliveryRecord,
    result: SendWebhookResult,
    now: number,
  ): DeliveryRecord['status'] {
    if (succeeded(result)) return 'delivered';
    if (result.error === webhookDeleted) return 'failed';
    // A delivered event re-sent by deliverNow stays delivered: the receiver has it.
    if (current.status === 'delivered') return 'delivered';
    if (now - Date.parse(current.created_at) >= this.settings.giveUpAfterMs) return 'failed';
    return 'pending';
  }
}
