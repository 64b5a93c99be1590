import { type DeliveryRecord, toIso } from '@parley/engine';
import type { Logger } from '../logger.js';
import { retryDelay } from './backoff.js';
import type { ReceiverOutcome } from './delivery-schedule.js';
import type { DispatcherSettings } from './dispatcher-settings.js';
import { type SendWebhookResult, sendWebhook } from './send-webhook.js';
import { signatureHeaders } from './signature-headers.js';

const userAgent = 'Parley-Webhooks/0.1';
const webhookDeleted = 'webhook deleted';

/** What one attempt did: the delivery as recorded (undefined if it is gone) and the receiver's answer, if sent. */
export interface AttemptOutcome {
  record: DeliveryRecord | undefined;
  sent: SendWebhookResult | null;
}

/** An attempt that threw (the store failed): tried again after `pollIntervalMs`. */
export const brokenAttempt: AttemptOutcome = { record: undefined, sent: null };

export function succeeded(result: SendWebhookResult): boolean {
  return (
    result.error === null && result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300
  );
}

/**
 * What an attempt says about its receiver, for its circuit: a failure that
 * held its slot a long time (a timeout, a slow error) is slow; a refused
 * connection or a quick 500 is not.
 */
export function receiverOutcome(sent: SendWebhookResult | null, slowFailureMs: number): ReceiverOutcome {
  if (!sent || sent.error === webhookDeleted) return 'neutral';
  if (succeeded(sent)) return 'success';
  return sent.durationMs >= slowFailureMs ? 'slow-failure' : 'failure';
}

/** Why a delivery past `giveUpAfterMs` is marked failed. */
export function giveUpReason(giveUpAfterMs: number): string {
  const hours = Math.round(giveUpAfterMs / 3_600_000);
  return `gave up: not delivered within ${hours > 0 ? `${hours} h` : `${giveUpAfterMs} ms`} (the receiver kept failing)`;
}

/**
 * Sends one delivery (with `onlyPending`, only if it still waits) and records
 * the attempt, unless the delivery was deleted meanwhile.
 */
export async function attemptDelivery(
  settings: DispatcherSettings,
  logger: Logger | undefined,
  deliveryId: string,
  onlyPending: boolean,
): Promise<AttemptOutcome> {
  if (!onlyPending) return attemptNow(settings, logger, deliveryId, false);
  // Every node's dispatcher may have the delivery in its schedule (each reads the pending ones
  // when it starts): the one that claims it sends this attempt, after reading it again.
  const { outbox } = settings;
  if (!(await outbox.claim(deliveryId, settings.holder, settings.timeoutMs + claimMarginMs))) {
    const delivery = await outbox.delivery(deliveryId);
    const later = settings.now() + settings.pollIntervalMs;
    return { record: delivery && { ...delivery, next_attempt_at: later }, sent: null };
  }
  try {
    return await attemptNow(settings, logger, deliveryId, true);
  } finally {
    await outbox.release(deliveryId, settings.holder).catch(() => {});
  }
}

/** How long a claim outlasts the attempt's timeout (the record written after it). */
const claimMarginMs = 10_000;

async function attemptNow(
  settings: DispatcherSettings,
  logger: Logger | undefined,
  deliveryId: string,
  onlyPending: boolean,
): Promise<AttemptOutcome> {
  const { outbox } = settings;
  const delivery = await outbox.delivery(deliveryId);
  if (!delivery || (onlyPending && delivery.status !== 'pending')) return { record: delivery, sent: null };
  // Another node made this attempt meanwhile: the next one is due later.
  if (onlyPending && delivery.next_attempt_at > settings.now()) return { record: delivery, sent: null };
  const webhook = await outbox.webhookOf(delivery);
  const startedAt = settings.now();
  if (!webhook) {
    const gone = { statusCode: null, error: webhookDeleted, durationMs: 0 };
    return { record: await recordAttempt(settings, logger, delivery, startedAt, gone), sent: gone };
  }
  // sendWebhook checks the URL and resolves the host through the private-address guard on every attempt.
  const result = await sendWebhook({
    url: webhook.url,
    body: delivery.body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': userAgent,
      ...signatureHeaders(delivery, webhook.secret, startedAt),
    },
    timeoutMs: settings.timeoutMs,
    allowPrivate: settings.allowPrivateUrls,
  });
  return { record: await recordAttempt(settings, logger, delivery, startedAt, result), sent: result };
}

/** Writes the attempt with the status it leads to; undefined if the delivery is gone. */
async function recordAttempt(
  settings: DispatcherSettings,
  logger: Logger | undefined,
  delivery: DeliveryRecord,
  startedAt: number,
  result: SendWebhookResult,
): Promise<DeliveryRecord | undefined> {
  const now = settings.now();
  const status = statusAfter(settings, delivery, result, now);
  const attemptCount = delivery.attempts.length + 1;
  const nextAttemptAt =
    status === 'pending'
      ? now + retryDelay(attemptCount, { baseMs: settings.retryBaseMs, maxMs: settings.retryMaxMs })
      : null;
  const updated = await settings.outbox.recordAttempt(delivery.id, {
    attempt: {
      at: toIso(startedAt),
      status_code: result.statusCode,
      error: result.error,
      duration_ms: result.durationMs,
    },
    status,
    nextAttemptAt,
  });
  if (!updated) return undefined;
  if (status === 'pending') {
    logger?.debug(
      { delivery_id: delivery.id, status_code: result.statusCode, error: result.error },
      'webhook delivery attempt failed; will retry',
    );
  }
  if (status === 'failed') {
    logger?.warn({ delivery_id: delivery.id, error: result.error }, 'webhook delivery failed for good');
  }
  return updated;
}

function statusAfter(
  settings: DispatcherSettings,
  delivery: DeliveryRecord,
  result: SendWebhookResult,
  now: number,
): DeliveryRecord['status'] {
  if (succeeded(result)) return 'delivered';
  if (result.error === webhookDeleted) return 'failed';
  // A delivered event re-sent by deliverNow stays delivered: the receiver has it.
  if (delivery.status === 'delivered') return 'delivered';
  if (now - Date.parse(delivery.created_at) >= settings.giveUpAfterMs) return 'failed';
  return 'pending';
}
