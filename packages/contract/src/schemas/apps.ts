import { z } from 'zod';
import type { Weekday } from '../types/apps.js';
import { identifier, timestamp } from './common.js';

// Apps

/** Whether `zone` is a time zone this runtime knows (IANA names: `Europe/Paris`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies Weekday[];

const clockTime = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day HH:MM, 00:00 to 24:00');

const openingInterval = z
  .strictObject({ open: clockTime, close: clockTime })
  .refine((interval) => interval.open < interval.close, 'open must be before close');

export const openingHours = z
  .strictObject({
    time_zone: z
      .string()
      .min(1)
      .max(100)
      .refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Paris')
      .meta({ description: 'IANA time zone the hours are read in, e.g. `Europe/Paris`' }),
    days: z
      .strictObject(
        Object.fromEntries(
          weekdays.map((day) => [day, z.array(openingInterval).max(6).optional()]),
        ) as Record<Weekday, z.ZodOptional<z.ZodArray<typeof openingInterval>>>,
      )
      .meta({
        description:
          'Open intervals per weekday (`mon`…`sun`), local time, `close` excluded; a day absent or `[]` is closed',
        example: { mon: [{ open: '09:00', close: '17:30' }] },
      }),
  })
  .meta({ title: 'OpeningHours' });

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
  opening_hours: openingHours.nullable().meta({
    description:
      'When people answer: a visitor asking for a person out of these hours is told the team is away and may ' +
      'leave an email; `null`: always open',
  }),
  handoff_timeout_seconds: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .nullable()
    .meta({
      description:
        'Seconds an escalated session may wait for a person to take it (the inbox) before the visitor is told ' +
        'no one is free and may leave an email; `null`: no limit',
    }),
  slack_support_channel: z
    .string()
    .regex(
      /^(?:T[A-Z0-9]{2,40}\/)?[CG][A-Z0-9]{2,40}$/,
      'a Slack channel id such as C0123ABCDEF, or a workspace id and a channel id such as T0123ABCD/C0123ABCDEF',
    )
    .nullable()
    .meta({
      description:
        "A Slack channel's id (`C…`, `G…`) where each escalation of the app opens a thread with its context; " +
        'what the support team writes in that thread reaches the visitor, and its *Hand back* button resolves. ' +
        'The Slack connector must be on and its bot a member of the channel. With several workspaces (*Add to Slack*), ' +
        'the thread opens in the one that chose the app; when several did, name it: `T…/C…` (its id, a slash, ' +
        'the channel id). `null`: off',
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
  opening_hours: appFields.opening_hours.optional(),
  handoff_timeout_seconds: appFields.handoff_timeout_seconds.optional(),
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
