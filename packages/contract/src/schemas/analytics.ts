import { z } from 'zod';
import { timestamp } from './common.js';

// Analytics

export const analyticsQuery = z.strictObject({
  from: z.string().max(64).optional().meta({
    description:
      'ISO 8601; default: 7 days (day) or 24 hours (hour) before to. Counts are kept by the hour: taken back to the start of its hour',
  }),
  to: z
    .string()
    .max(64)
    .optional()
    .meta({ description: 'ISO 8601; default: now. A past time is taken on to the end of its hour' }),
  interval: z.enum(['hour', 'day']).optional(),
});

const analyticsCounters = {
  sessions: z.number().int(),
  messages: z.number().int(),
  user_messages: z.number().int(),
  assistant_messages: z.number().int(),
  human_agent_messages: z.number().int(),
  escalations: z.number().int(),
  tool_calls: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  feedback_up: z.number().int(),
  feedback_down: z.number().int(),
};

export const analytics = z
  .object({
    app_id: z.string(),
    from: timestamp,
    to: timestamp,
    interval: z.enum(['hour', 'day']),
    totals: z.object({
      ...analyticsCounters,
      tool_use: z.record(z.string(), z.number().int()),
      escalation_rate: z
        .number()
        .nullable()
        .meta({ description: 'escalations ÷ sessions (0–1 or more); null without sessions' }),
      latency_ms: z.object({
        p50: z.number().nullable(),
        p90: z.number().nullable(),
        p95: z.number().nullable(),
        p99: z.number().nullable(),
        count: z.number().int(),
      }),
    }),
    series: z.array(
      z.object({
        start: timestamp,
        ...analyticsCounters,
        latency_p50: z
          .number()
          .nullable()
          .meta({ description: 'Answer latency in ms; null without answers' }),
        latency_p95: z.number().nullable(),
      }),
    ),
  })
  .meta({ title: 'Analytics' });

export const unansweredQuery = z.strictObject({
  from: z.string().max(64).optional().meta({ description: 'ISO 8601; default: 7 days before to' }),
  to: z.string().max(64).optional().meta({ description: 'ISO 8601; default: now' }),
});

export const unansweredQuestions = z
  .object({
    questions: z.array(
      z.object({
        session_id: z.string(),
        message_id: z.string().meta({ description: "The answer's id" }),
        question: z
          .string()
          .nullable()
          .meta({ description: "The user's message before it; null when older than what was read" }),
        answer: z.string(),
        reason: z.enum(['no_source', 'failed', 'rated_down', 'escalated']),
        at: timestamp,
      }),
    ),
    looked_at: z
      .number()
      .int()
      .meta({ description: 'How many of the newest messages in the window were read' }),
    complete: z.boolean().meta({ description: 'False when older messages of the window were not read' }),
  })
  .meta({
    title: 'UnansweredQuestions',
    description:
      'The newest answers (at most 20) that did not answer: no passage cited though the knowledge was ' +
      'searched (`no_source`), cut short (`failed`), rated 👎 (`rated_down`), or handed to a person by ' +
      'the model (`escalated`), each with its question. Reads at most the newest 2,000 messages of the window.',
  });
