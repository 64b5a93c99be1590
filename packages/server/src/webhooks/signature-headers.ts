import { createHmac } from 'node:crypto';

export interface SignedDelivery {
  /** The event id (`evt_…`): the same on every attempt, for de-duplication. */
  id: string;
  event: string;
  /** The exact bytes sent. */
  body: string;
}

/**
 * The headers that let a receiver check a delivery, two ways with one secret:
 *
 * - the reference document's: `X-Parley-Signature`, hex HMAC-SHA256 of the
 *   body. It does not cover the event id or the time, so it cannot tell a
 *   replay from a retry;
 * - Standard Webhooks (https://www.standardwebhooks.com): `webhook-id`,
 *   `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
 *   = `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`. The HMAC key is the
 *   UTF-8 bytes of the webhook's secret exactly as shown (`whsec_` included),
 *   which Standard Webhooks libraries take as `whsec_` + base64 of those bytes
 *   (or, in JavaScript, `new Webhook(secret, { format: 'raw' })`).
 */
export function signatureHeaders(
  delivery: SignedDelivery,
  secret: string,
  nowMs: number,
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signedContent = `${delivery.id}.${timestamp}.${delivery.body}`;
  return {
    'X-Parley-Event': delivery.event,
    'X-Parley-Event-Id': delivery.id,
    'X-Parley-Signature': createHmac('sha256', secret).update(delivery.body).digest('hex'),
    'webhook-id': delivery.id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1,${createHmac('sha256', secret).update(signedContent).digest('base64')}`,
  };
}
