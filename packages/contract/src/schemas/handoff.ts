import { z } from 'zod';
import { identifier, messageText, timestamp } from './common.js';

// Escalation, handoff, feedback

export const emptyBody = z.strictObject({});

export const escalated = z.object({
  session_id: z.string(),
  escalated: z.literal(true),
  escalated_at: timestamp.nullable(),
  message: z.string().meta({ description: 'What the user is told happens next' }),
});

export const contactBody = z.strictObject({
  email: z
    .email('must be an email address, like name@example.com')
    .max(254)
    .meta({ description: 'Where the team may answer the visitor later', example: 'ada@example.com' }),
});

export const contactLeft = z
  .object({ session_id: z.string(), contact_email: z.string() })
  .meta({ title: 'ContactLeft' });

export const humanMessageBody = z.strictObject({
  role: z.literal('human_agent'),
  content: messageText,
  author: z.string().min(1).max(200).optional(),
});

export const humanMessage = z.object({
  session_id: z.string(),
  id: z.string(),
  role: z.literal('human_agent'),
  content: z.string(),
  timestamp,
  author: z.string().nullable(),
});

export const resolved = z.object({ session_id: z.string(), escalated: z.literal(false) });

export const feedbackBody = z.strictObject({
  rating: z.enum(['up', 'down']),
  comment: z.string().max(2_000).nullable().optional(),
});

export const feedback = z.object({
  message_id: z.string(),
  session_id: z.string(),
  rating: z.enum(['up', 'down']),
  comment: z.string().nullable(),
  at: timestamp,
});

export const messagePath = z.strictObject({
  app_id: identifier,
  session_id: identifier,
  message_id: identifier,
});

export const sessionNotificationsQuery = z.strictObject({
  key: z.string().min(1).optional().meta({
    description:
      'The publishable key, for a browser `EventSource` (which cannot send `Authorization`); the header wins when both are given',
  }),
  after: identifier.optional().meta({
    description:
      "The id of the last message the client knows: a person's messages written after it are sent first (a new page of the same site picks up what came in between)",
  }),
});
