import { randomUUID } from 'node:crypto';
import type { Outbox } from '@parley/engine';
import type { Logger } from '../logger.js';

export interface WebhookDispatcherOptions {
  /** Where deliveries wait and attempts are recorded: the engine's `engine.outbox`. */
  outbox: Outbox;
  logger?: Logger;
  /** Let webhooks reach loopback and private addresses (development only). */
  allowPrivateUrls: boolean;
  /** The delay after the first failed attempt, before jitter (default 1 s). */
  retryBaseMs?: number;
  /** The longest delay between two attempts (default 1 h). */
  retryMaxMs?: number;
  /** A delivery still failing this long after it was created is marked failed (default 25 h). */
  giveUpAfterMs?: number;
  /** Deliveries sent at once, over all webhooks (default 16). */
  concurrency?: number;
  /** Deliveries sent at once to one webhook (default 2). */
  perEndpointConcurrency?: number;
  /**
   * Failed attempts in a row after which a webhook is backed off as a whole (default 3): one
   * attempt at a time, after a growing wait when the last one was slow (over half the timeout,
   * or 1 s), else at most `quickFailuresPerSecond`.
   */
  circuitThreshold?: number;
  /** How often a webhook whose attempts fail quickly is tried once its circuit is open (default 20/s). */
  quickFailuresPerSecond?: number;
  /**
   * How often deliveries past `giveUpAfterMs` that a backed-off receiver never got to are
   * marked failed (default 1 min).
   */
  expiryIntervalMs?: number;
  /** How long to wait before trying again after the store failed (default 500 ms). */
  pollIntervalMs?: number;
  /** For one attempt, from resolving the host to the end of the answer (default 10 s). */
  timeoutMs?: number;
  /** The dispatcher's clock (default: the outbox's). */
  now?: () => number;
  /** This dispatcher among those on one store, as the holder of the deliveries it claims (default: random). */
  holder?: string;
}

export type DispatcherSettings = Required<Omit<WebhookDispatcherOptions, 'logger'>>;

/** The options with their defaults filled in. */
export function dispatcherSettings(options: WebhookDispatcherOptions): DispatcherSettings {
  const { outbox } = options;
  return {
    outbox,
    allowPrivateUrls: options.allowPrivateUrls,
    retryBaseMs: options.retryBaseMs ?? 1000,
    retryMaxMs: options.retryMaxMs ?? 3_600_000,
    giveUpAfterMs: options.giveUpAfterMs ?? 25 * 3_600_000,
    concurrency: Math.max(1, options.concurrency ?? 16),
    perEndpointConcurrency: Math.max(1, options.perEndpointConcurrency ?? 2),
    circuitThreshold: Math.max(1, options.circuitThreshold ?? 3),
    quickFailuresPerSecond: Math.max(1, options.quickFailuresPerSecond ?? 20),
    expiryIntervalMs: options.expiryIntervalMs ?? 60_000,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    timeoutMs: options.timeoutMs ?? 10_000,
    now: options.now ?? (() => outbox.now()),
    holder: options.holder ?? randomUUID(),
  };
}
