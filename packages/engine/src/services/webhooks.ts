import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { type Page, put, remove, removeWhere, type WriteOperation } from '../store/store.js';
import type { DeliveryRecord, JsonObject, WebhookEvent, WebhookRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { yieldToEventLoop } from '../util/event-loop-slices.js';
import { newId, randomToken } from '../util/ids.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { maskSecret } from '../util/secrets.js';
import { getAppRecord } from './apps.js';
import { commit } from './commit.js';

export const webhookEvents: WebhookEvent[] = [
  'session.started',
  'session.ended',
  'conversation.escalated',
  'message.created',
];

export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  /** The signing secret; a random `whsec_…` when absent. */
  secret?: string;
}

export function presentWebhook(webhook: WebhookRecord) {
  return {
    id: webhook.id,
    app_id: webhook.app_id,
    url: webhook.url,
    events: webhook.events,
    secret_masked: maskSecret(webhook.secret),
    created_at: webhook.created_at,
    updated_at: webhook.updated_at,
  };
}

export function presentDelivery(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    webhook_id: delivery.webhook_id,
    event: delivery.event,
    session_id: delivery.session_id,
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.status === 'pending' ? new Date(delivery.next_attempt_at).toISOString() : null,
    created_at: delivery.created_at,
    payload: JSON.parse(delivery.body) as JsonObject,
  };
}

const newSecret = () => `whsec_${randomToken(32)}`;

/** Below this, a secret of the caller's own is taken (the reference document shows a short one) with a warning. */
export const recommendedSecretLength = 16;

function secretWarnings(secret: string | undefined): string[] {
  if (secret === undefined || secret.length >= recommendedSecretLength) return [];
  return [
    `secret: shorter than ${recommendedSecretLength} characters is easy to guess; ` +
      'omit it for a random one or use POST …/rotate-secret',
  ];
}

export async function getWebhookRecord(context: EngineContext, appId: string, webhookId: string) {
  const webhook = await context.store.get('webhooks', webhookId);
  if (!webhook || webhook.app_id !== appId) throw notFound('Webhook', 'webhook_id', webhookId);
  return webhook;
}

export async function createWebhook(context: EngineContext, appId: string, input: WebhookInput) {
  await getAppRecord(context, appId);
  const now = toIso(context.clock.now());
  const webhook: WebhookRecord = {
    id: newId('whk'),
    app_id: appId,
    url: input.url,
    events: [...new Set(input.events)],
    secret: input.secret ?? newSecret(),
    created_at: now,
    updated_at: now,
  };
  await context.store.write([put('webhooks', webhook)]);
  return { ...presentWebhook(webhook), secret: webhook.secret, warnings: secretWarnings(input.secret) };
}

export async function listWebhooks(context: EngineContext, appId: string, parameters: ListParameters) {
  await getAppRecord(context, appId);
  const page = await context.store.list('webhooks', {
    ...parameters,
    where: { app_id: appId },
    order: 'desc',
  });
  return toListResponse(page, presentWebhook);
}

export async function updateWebhook(
  context: EngineContext,
  appId: string,
  webhookId: string,
  patch: Partial<Omit<WebhookInput, 'secret'>>,
) {
  const webhook = await getWebhookRecord(context, appId, webhookId);
  const updated: WebhookRecord = {
    ...webhook,
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.events !== undefined ? { events: [...new Set(patch.events)] } : {}),
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write([put('webhooks', updated)]);
  return presentWebhook(updated);
}

/** A new signing secret, in force for the next delivery attempt; shown this once. */
export async function rotateWebhookSecret(context: EngineContext, appId: string, webhookId: string) {
  const webhook = await getWebhookRecord(context, appId, webhookId);
  const updated = { ...webhook, secret: newSecret(), updated_at: toIso(context.clock.now()) };
  await context.store.write([put('webhooks', updated)]);
  return { ...presentWebhook(updated), secret: updated.secret };
}

/** Deletes the webhook; its deliveries still waiting are dropped with it. */
export async function deleteWebhook(context: EngineContext, appId: string, webhookId: string) {
  await getWebhookRecord(context, appId, webhookId);
  await commit(context, [
    removeWhere('deliveries', { webhook_id: webhookId }),
    remove('webhooks', webhookId),
  ]);
  return { id: webhookId, deleted: true };
}

export async function listDeliveries(
  context: EngineContext,
  appId: string,
  webhookId: string,
  parameters: ListParameters,
) {
  await getWebhookRecord(context, appId, webhookId);
  const page = await context.store.list('deliveries', {
    ...parameters,
    where: { webhook_id: webhookId },
    order: 'desc',
  });
  return toListResponse(page, presentDelivery);
}

/** A delivery of a webhook of the app (404 otherwise), to be sent again by hand. */
export async function getDeliveryRecord(
  context: EngineContext,
  appId: string,
  webhookId: string,
  deliveryId: string,
): Promise<DeliveryRecord> {
  await getWebhookRecord(context, appId, webhookId);
  const found = await context.store.get('deliveries', deliveryId);
  if (!found || found.webhook_id !== webhookId) throw notFound('Delivery', 'delivery_id', deliveryId);
  return found;
}

function delivery(
  webhook: WebhookRecord,
  event: DeliveryRecord['event'],
  data: JsonObject,
  sessionId: string | null,
  now: number,
): DeliveryRecord {
  const id = newId('evt');
  return {
    id,
    webhook_id: webhook.id,
    app_id: webhook.app_id,
    session_id: sessionId,
    order_key: `${webhook.id}:${sessionId ?? id}`,
    event,
    body: JSON.stringify({ event, timestamp: toIso(now), data }),
    status: 'pending',
    attempts: [],
    next_attempt_at: now,
    created_at: toIso(now),
  };
}

/**
 * The outbox entries for an event: one delivery per webhook of the app that
 * subscribed to it. Callers write them in the same batch as the change that
 * caused the event, so the event exists exactly when the change does.
 */
export async function eventOperations(
  context: EngineContext,
  appId: string,
  event: WebhookEvent,
  data: JsonObject,
  sessionId: string | null,
): Promise<WriteOperation[]> {
  const webhooks = await context.store.all('webhooks', { app_id: appId });
  const now = context.clock.now();
  return webhooks
    .filter((webhook) => webhook.events.includes(event))
    .map((webhook) => put('deliveries', delivery(webhook, event, data, sessionId, now)));
}

/** Queues a `webhook.test` delivery; the dispatcher sends it. */
export async function createTestDelivery(context: EngineContext, appId: string, webhookId: string) {
  const webhook = await getWebhookRecord(context, appId, webhookId);
  const record = delivery(
    webhook,
    'webhook.test',
    { webhook_id: webhook.id, app_id: appId, message: 'This is a test delivery from Parley.' },
    null,
    context.clock.now(),
  );
  // Through commit, so the dispatcher learns of it even if the attempt sent at once cannot be recorded.
  await commit(context, [put('deliveries', record)]);
  return record;
}

/** When a delivered delivery got through: its last attempt. */
function deliveredAt(delivery: DeliveryRecord): number {
  return Date.parse(delivery.attempts.at(-1)?.at ?? delivery.created_at);
}

const pruneSlice = 500;

/**
 * Removes delivered deliveries that got through more than `retentionMs` ago
 * (0 keeps them all), oldest first, `pruneSlice` at a time with a pause for
 * other work between slices. Pending and failed deliveries are kept. A delivery
 * that got through late (after retries, or sent again by hand) is skipped, not
 * a stop: the walk goes on to the first delivery created after the cutoff (none
 * from there on can be due), so its length is bounded by what is old. Answers
 * how many were removed.
 */
export async function pruneDeliveredDeliveries(context: EngineContext, retentionMs: number): Promise<number> {
  if (!(retentionMs > 0)) return 0;
  const cutoff = context.clock.now() - retentionMs;
  let removed = 0;
  // The last delivery kept so far (a removed one cannot be a cursor): the walk goes on after it.
  let cursor: string | null = null;
  for (;;) {
    const page: Page<DeliveryRecord> = await context.store.list('deliveries', {
      where: { status: 'delivered' },
      order: 'asc',
      limit: pruneSlice,
      cursor,
    });
    const expired: DeliveryRecord[] = [];
    let reachedNew = false;
    for (const delivery of page.items) {
      if (Date.parse(delivery.created_at) >= cutoff) {
        reachedNew = true;
        break;
      }
      if (deliveredAt(delivery) < cutoff) expired.push(delivery);
      else cursor = delivery.id;
    }
    if (expired.length > 0)
      await commit(
        context,
        expired.map((delivery) => remove('deliveries', delivery.id)),
      );
    removed += expired.length;
    if (reachedNew || page.nextCursor === null) return removed;
    await yieldToEventLoop();
  }
}
