/**
 * The OpenAI-compatible routes: OpenAI's Chat Completions and Models shapes, with Parley's extras in
 * the `parley` field. Requests are loose objects on purpose: OpenAI clients send sampling fields
 * (`temperature`, `top_p`, …) that Parley takes and ignores, because the agent's settings decide.
 */
import { z } from 'zod';
import { citation } from './sessions.js';

const contentPart = z
  .looseObject({ type: z.string().min(1).max(100), text: z.string().optional() })
  .meta({ description: 'A content part; only `text` parts are read' });

const chatMessage = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart).max(100), z.null()]).optional(),
  name: z.string().max(200).optional(),
});

/** OpenAI's metadata: at most 16 pairs of short strings. */
const openAiMetadata = z
  .record(z.string().min(1).max(64), z.string().max(512))
  .refine((value) => Object.keys(value).length <= 16, 'must have at most 16 keys')
  .meta({
    description:
      '`session_id` (an app) or `conversation_id` (an agent) continues that thread; for an app the other ' +
      'pairs are merged into the session metadata',
    example: { session_id: 'sess_…' },
  });

export const chatCompletionBody = z
  .looseObject({
    model: z
      .string()
      .min(1)
      .max(200)
      .meta({ description: 'An agent id (`agt_…`) or an app id (`app_…`), as `GET /v1/models` lists them' }),
    messages: z.array(chatMessage).min(1).max(1000).meta({
      description: 'The last one must be a `user` message: it is the turn. Earlier ones are not read',
    }),
    stream: z.boolean().nullable().optional(),
    stream_options: z
      .looseObject({ include_usage: z.boolean().optional() })
      .nullable()
      .optional()
      .meta({ description: '`include_usage: true` adds a last chunk with `usage` and empty `choices`' }),
    user: z
      .string()
      .max(200)
      .optional()
      .meta({ description: "An app's session `user_id` when the session is opened" }),
    metadata: openAiMetadata.nullable().optional(),
    n: z
      .union([z.literal(1), z.null()])
      .optional()
      .meta({ description: 'Only one choice is answered' }),
    tools: z
      .array(z.unknown())
      .max(0, 'must be empty: a Parley agent calls its own tools, configured on the agent')
      .nullable()
      .optional(),
  })
  .meta({ title: 'ChatCompletionRequest' });

export type ChatCompletionBody = z.output<typeof chatCompletionBody>;

const usage = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

export const parleyExtension = z
  .object({
    session_id: z.string().optional().meta({ description: "An app's session: continue it with this id" }),
    conversation_id: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "An agent's conversation: continue it with this id" }),
    trace_id: z.string(),
    message_id: z.string().nullable(),
    agent: z.string(),
    agent_id: z.string(),
    citations: z.array(citation),
    tools_used: z.array(z.string()),
    applied_definitions: z.array(z.record(z.string(), z.unknown())).optional(),
    escalated: z.boolean().optional(),
  })
  .meta({ title: 'ParleyExtension', description: "Parley's extras, beside OpenAI's fields" });

export const chatCompletion = z
  .object({
    id: z.string(),
    object: z.literal('chat.completion'),
    created: z.number().int().meta({ description: 'Unix seconds' }),
    model: z.string(),
    choices: z.array(
      z.object({
        index: z.literal(0),
        message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
        finish_reason: z.literal('stop'),
        logprobs: z.null(),
      }),
    ),
    usage,
    parley: parleyExtension,
  })
  .meta({ title: 'ChatCompletion' });

export const model = z
  .object({
    id: z.string(),
    object: z.literal('model'),
    created: z.number().int().meta({ description: 'Unix seconds' }),
    owned_by: z.string(),
    parley: z.object({ kind: z.enum(['agent', 'app']), name: z.string() }),
  })
  .meta({ title: 'Model' });

export const modelList = z
  .object({ object: z.literal('list'), data: z.array(model) })
  .meta({ title: 'ModelList' });

export const modelPath = z.strictObject({ model: z.string().min(1).max(200) });

export const openAiErrorResponse = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.enum([
        'invalid_request_error',
        'authentication_error',
        'permission_error',
        'rate_limit_error',
        'server_error',
      ]),
      code: z.string().meta({ description: "Parley's error code (`not_found`, `rate_limited`, …)" }),
      param: z.string().nullable(),
    }),
  })
  .meta({ title: 'OpenAiError' });
