import { z } from 'zod';
import { identifier, timestamp } from './common.js';

// Apps

const appFields = {
  name: z.string().min(1).max(100),
  agents: z.array(identifier).max(20),
  routing: z.enum(['auto', 'first']),
  session_ttl_seconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400),
  greeting: z.string().max(1_000).nullable(),
  starter_prompts: z.array(z.string().min(1).max(200)).max(10),
  identity_verification: z.enum(['off', 'required']).meta({
    description:
      "`required`: a publishable key's `user_id` is taken only with a `user_hash` that verifies " +
      '(HMAC-SHA256 of the id with the identity secret), and the metadata of a visitor without one is not stored',
  }),
  slack_support_channel: z
    .string()
    .regex(/^[CG][A-Z0-9]{2,40}$/, 'a Slack channel id such as C0123ABCDEF')
    .nullable()
    .meta({
      description:
        "A Slack channel's id (`C…`, `G…`) where each escalation of the app opens a thread with its context; " +
        'what the support team writes in that thread reaches the visitor, and its *Hand back* button resolves. ' +
        'The Slack connector must be on and its bot a member of the channel. `null`: off',
    }),
};

export const createAppBody = z.strictObject({
  name: appFields.name,
  agents: appFields.agents.optional(),
  routing: appFields.routing.optional(),
  session_ttl_seconds: appFields.session_ttl_seconds.optional(),
  greeting: appFields.greeting.optional(),
  starter_prompts: appFields.starter_prompts.optional(),
  identity_verification: appFields.identity_verification.optional(),
  slack_support_channel: appFields.slack_support_channel.optional(),
});

export const updateAppBody = createAppBody.partial();

export const app = z
  .object({
    id: z.string(),
    ...appFields,
    identity_secret_set: z.boolean().meta({
      description: 'Whether the app has an identity secret (`POST /v1/apps/{app_id}/identity-secret`)',
    }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'App' });

export const appWithIdentitySecret = app
  .extend({
    identity_secret: z.string().meta({
      description:
        "The app's identity secret, shown this once: the site's backend signs each user id with it " +
        '(`user_hash`); the previous secret no longer verifies',
    }),
  })
  .meta({ title: 'AppWithIdentitySecret' });
