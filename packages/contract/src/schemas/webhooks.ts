import { z } from 'zod';
import { identifier, timestamp } from './common.js';

// Webhooks

const webhookEvent = z.enum([
  'session.started',
  'session.ended',
  'conversation.escalated',
  'message.created',
]);

export const createWebhookBody = z.strictObject({
  url: z.string().min(1).max(2_000),
  events: z.array(webhookEvent).min(1).max(4),
  secret: z.string().min(1).max(200).optional().meta({
    description:
      'Your own signing secret; random when absent. Shorter than 16 characters is taken with a warning.',
  }),
});

export const updateWebhookBody = z.strictObject({
  url: z.string().min(1).max(2_000).optional(),
  events: z.array(webhookEvent).min(1).max(4).optional(),
});

const webhookFields = {
  id: z.string(),
  app_id: z.string(),
  url: z.string(),
  events: z.array(webhookEvent),
  secret_masked: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
};

export const webhook = z.object(webhookFields).meta({ title: 'Webhook' });

export const webhookWithSecret = z
  .object({
    ...webhookFields,
    secret: z.string().meta({ description: 'The signing secret, shown this once' }),
  })
  .meta({ title: 'WebhookWithSecret' });

export const webhookCreated = z
  .object({
    ...webhookFields,
    secret: z.string().meta({ description: 'The signing secret, shown this once' }),
    warnings: z.array(z.string()).meta({
      description: 'What was taken but is not advised (a secret shorter than 16 characters); empty otherwise',
    }),
  })
  .meta({ title: 'WebhookCreated' });

export const delivery = z
  .object({
    id: z.string().meta({ description: 'The event id, sent as X-Parley-Event-Id and webhook-id' }),
    webhook_id: z.string(),
    event: z.string(),
    session_id: z.string().nullable(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.array(
      z.object({
        at: z.string(),
        status_code: z.number().int().nullable(),
        error: z.string().nullable(),
        duration_ms: z.number(),
      }),
    ),
    next_attempt_at: z.string().nullable(),
    created_at: timestamp,
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ title: 'Delivery' });

export const webhookPath = z.strictObject({ app_id: identifier, webhook_id: identifier });

export const deliveryPath = z.strictObject({
  app_id: identifier,
  webhook_id: identifier,
  delivery_id: identifier,
});
