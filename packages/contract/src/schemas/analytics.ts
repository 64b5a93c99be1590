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
      latency_ms: z.object({
        p50: z.number().nullable(),
        p90: z.number().nullable(),
        p99: z.number().nullable(),
        count: z.number().int(),
      }),
    }),
    series: z.array(z.object({ start: timestamp, ...analyticsCounters })),
  })
  .meta({ title: 'Analytics' });
