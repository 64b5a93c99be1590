export type WebhookEvent = 'session.started' | 'session.ended' | 'conversation.escalated' | 'message.created';

/** A URL subscribed to events of an app; the secret only masked. */
export interface Webhook {
  id: string;
  app_id: string;
  url: string;
  events: WebhookEvent[];
  secret_masked: string;
  created_at: string;
  updated_at: string;
}

/** A webhook just created or given a new secret: `secret` is shown this once. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

/** A webhook just created: also what was taken but is not advised (a secret under 16 characters). */
export interface WebhookCreated extends WebhookWithSecret {
  warnings: string[];
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One POST to the receiver. */
export interface DeliveryAttempt {
  at: string;
  /** The receiver's HTTP status; null when it could not be reached. */
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** One event sent to a webhook, with every attempt at it. */
export interface WebhookDelivery {
  /** The event id, sent as `X-Parley-Event-Id`. */
  id: string;
  webhook_id: string;
  /** A `WebhookEvent`, or `webhook.test`. */
  event: string;
  session_id: string | null;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  next_attempt_at: string | null;
  created_at: string;
  /** The body sent: `{event, timestamp, data}`. */
  payload: Record<string, unknown>;
}
