import type { WebhookEvent } from '@parley/contract';

export type {
  DeliveryAttempt,
  DeliveryStatus,
  Webhook,
  WebhookCreated,
  WebhookDelivery,
  WebhookEvent,
  WebhookWithSecret,
} from '@parley/contract';

export interface WebhookCreateParams {
  /** The receiver, at most 2000 characters. Private and loopback addresses need `PARLEY_ALLOW_PRIVATE_URLS=1`. */
  url: string;
  /** 1–4 events. */
  events: WebhookEvent[];
  /** Your own signing secret (1–200 characters, 16 or more advised: shorter earns a warning); random when absent. */
  secret?: string;
}

/** Only the fields present are changed. */
export interface WebhookUpdateParams {
  url?: string;
  events?: WebhookEvent[];
}
