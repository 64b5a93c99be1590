import { builtInToolNames, httpToolMethods, parametersSchemaProblem } from '@parley/engine';
import { z } from 'zod';

/** The request and response shapes of the API: validation and the OpenAPI document both come from here. */

export const identifier = z.string().min(1).max(200);

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

const metadataDepthLimit = 8;

/** Whether objects or arrays nest more than `limit` levels; looks no deeper than that, so any input is safe. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  return Object.values(value).some((child) => nestsDeeperThan(child, limit - 1));
}

/**
 * Free-form metadata: any JSON object up to 16 KiB and 8 levels deep. The depth is checked before
 * `z.json()` walks the value, which recurses once per level and would overflow the stack on a deep body.
 */
export const metadata = z
  .preprocess(
    (value, context) => {
      if (nestsDeeperThan(value, metadataDepthLimit)) {
        context.addIssue({ code: 'custom', message: `must be at most ${metadataDepthLimit} levels deep` });
      }
      return value;
    },
    z
      .record(z.string().max(200), z.json())
      .refine((value) => JSON.stringify(value).length <= 16_384, 'must be at most 16 KiB of JSON'),
  )
  .meta({
    description: 'Merged into the session memory `sessionMeta.metadata`',
    example: { userProfile: { name: 'John' } },
  });

const messageText = z
  .string()
  .max(32_000)
  .refine((value) => value.trim().length > 0, 'must not be empty')
  .meta({ description: "The user's message; not blank", pattern: '\\S' });

export const timestamp = z.string().meta({ description: 'ISO 8601 UTC', example: '2024-01-15T14:30:00Z' });

// Errors and lists

export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum([
        'invalid_request',
        'authentication_error',
        'permission_error',
        'not_found',
        'payload_too_large',
        'rate_limited',
        'internal_error',
        'upstream_error',
      ]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ title: 'Error' });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
}

export const deleted = z.object({ id: z.string(), deleted: z.literal(true) });

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
};

export const createAppBody = z.strictObject({
  name: appFields.name,
  agents: appFields.agents.optional(),
  routing: appFields.routing.optional(),
  session_ttl_seconds: appFields.session_ttl_seconds.optional(),
  greeting: appFields.greeting.optional(),
  starter_prompts: appFields.starter_prompts.optional(),
});

export const updateAppBody = createAppBody.partial();

export const app = z
  .object({ id: z.string(), ...appFields, created_at: timestamp, updated_at: timestamp })
  .meta({ title: 'App' });

// Agents (seed 004)

const settingsFields = {
  temperature: z.number().min(0).max(2),
  max_tokens: z.number().int().min(1).max(100_000),
  retrieval_count: z.number().int().min(1).max(50),
};

export const agentSettingsInput = z.strictObject({
  temperature: settingsFields.temperature.optional(),
  max_tokens: settingsFields.max_tokens.optional(),
  retrieval_count: settingsFields.retrieval_count.optional(),
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const toolParametersDepthLimit = 16;
/** Headers Node sets itself or that would change how the request travels. */
const reservedHeaders = ['host', 'content-length', 'transfer-encoding', 'connection'];

const toolFields = {
  type: z.literal('http'),
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -')
    .refine((name) => !builtInToolNames.some((builtIn) => builtIn === name), 'is the name of a built-in tool')
    .meta({ example: 'get_order_status' }),
  description: z
    .string()
    .min(1)
    .max(1_000)
    .meta({ description: 'What the tool does; the model reads it to decide when to call it' }),
  url: z
    .string()
    .max(2_000)
    .refine(isHttpUrl, 'must be an http or https URL')
    .meta({
      description:
        '`{name}` placeholders in the path are filled from the arguments (URL-encoded). Private and loopback ' +
        'addresses are refused unless `PARLEY_ALLOW_PRIVATE_URLS=1`',
      example: 'https://shop.example.com/api/orders/{order_id}',
    }),
  method: z.enum(httpToolMethods).meta({
    description: 'GET sends the other arguments in the query string; the rest send them as a JSON body',
  }),
};

const toolParameters = z
  .preprocess(
    (value, context) => {
      if (nestsDeeperThan(value, toolParametersDepthLimit)) {
        context.addIssue({
          code: 'custom',
          message: `must be at most ${toolParametersDepthLimit} levels deep`,
        });
      }
      return value;
    },
    z
      .record(z.string().max(200), z.json())
      .refine((value) => JSON.stringify(value).length <= 16_384, 'must be at most 16 KiB of JSON')
      .superRefine((value, context) => {
        const problem = parametersSchemaProblem(value);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }),
  )
  .meta({
    // The rule `parametersSchemaProblem` checks first, where tools can see it.
    properties: { type: { const: 'object' } },
    required: ['type'],
    description: 'JSON Schema of the arguments (`"type": "object"`); arguments that do not fit are not sent',
    example: {
      type: 'object',
      properties: { order_id: { type: 'string' } },
      required: ['order_id'],
    },
  });

const toolHeaders = z
  .record(
    z
      .string()
      .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be a valid header name')
      .refine((name) => !reservedHeaders.includes(name.toLowerCase()), 'is set by the server'),
    z
      .string()
      .max(4_000)
      // Latin-1 without control characters, or a masked value as answers show it (`…a1b2`).
      .regex(
        /^([\t\x20-\x7e\x80-\xff]*|…[\x20-\x7e]{0,4})$/,
        'must not hold line breaks or other control characters',
      ),
  )
  .refine((headers) => Object.keys(headers).length <= 20, 'must be at most 20 headers');

export const httpToolInput = z
  .strictObject({
    ...toolFields,
    parameters: toolParameters,
    method: toolFields.method.default('POST'),
    headers: toolHeaders
      .default({})
      .meta({ description: 'Sent with every call, e.g. an API key; answers show the values masked' }),
  })
  .meta({ title: 'HttpToolInput' });

const agentTools = z
  .array(httpToolInput)
  .max(20)
  .superRefine((tools, context) => {
    tools.forEach((tool, index) => {
      if (tools.findIndex((other) => other.name === tool.name) !== index) {
        context.addIssue({
          code: 'custom',
          message: 'is already the name of another tool',
          path: [index, 'name'],
        });
      }
    });
  })
  .meta({ description: 'HTTP tools the model may call; the whole list is replaced on update' });

export const createAgentBody = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().max(1_000).optional(),
  system_prompt: z.string().max(20_000).optional(),
  settings: agentSettingsInput.optional(),
  model: z.string().min(1).max(200).nullable().optional(),
  tools: agentTools.optional(),
});

export const updateAgentBody = createAgentBody.partial();

export const httpTool = z
  .object({
    ...toolFields,
    parameters: z.record(z.string(), z.unknown()),
    headers: z.record(z.string(), z.string()).meta({
      description: 'The values masked (`…` and the last 4 characters)',
      example: { 'X-Api-Key': '…a1b2' },
    }),
  })
  .meta({ title: 'HttpTool' });

export const agent = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    system_prompt: z.string(),
    datastores: z.array(z.string()),
    settings: z.object(settingsFields),
    model: z.string().nullable(),
    tools: z.array(httpTool),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Agent' });

export const agentSummary = z
  .object({ id: z.string(), name: z.string(), description: z.string(), created_at: timestamp })
  .meta({ title: 'AgentSummary' });

export const connectDatastoreBody = z.strictObject({
  datastore_id: z.string().regex(/^ds_[A-Za-z0-9_-]{1,100}$/, 'must be a datastore id (ds_…)'),
});

// Sessions and execute (seed 000)

export const createSessionBody = z.strictObject({
  user_id: z.string().min(1).max(200).optional(),
  metadata: metadata.optional(),
});

export const session = z
  .object({ session_id: z.string(), created_at: timestamp, expires_at: timestamp })
  .meta({ title: 'Session' });

export const executeBody = z.strictObject({
  message: messageText,
  session_id: identifier.optional(),
  metadata: metadata.optional(),
  user_id: z.string().min(1).max(200).optional(),
});

const inputOutputUsage = z.object({ input_tokens: z.number().int(), output_tokens: z.number().int() });

export const executeResponse = z
  .object({
    response: z.string(),
    session_id: z.string(),
    trace_id: z.string(),
    agent: z.string().meta({ description: 'The name of the agent that answered' }),
    agent_id: z.string(),
    tools_used: z.array(z.string()),
    usage: inputOutputUsage,
    escalated: z
      .boolean()
      .optional()
      .meta({
        description:
          'Present (`true`) when the turn escalated the session to a person, or found it escalated: then ' +
          '`response` may be empty and a person answers',
      }),
  })
  .meta({ title: 'ExecuteResponse' });

export const citation = z
  .object({
    id: z.number().int(),
    document_id: z.string(),
    document_name: z.string(),
    page_number: z.number().int(),
    excerpt: z.string(),
    score: z.number(),
  })
  .meta({ title: 'Citation' });

/** The rating an answer was given (`feedback`), on the messages of a history or a conversation. */
const messageFeedback = z.object({
  rating: z.enum(['up', 'down']),
  comment: z.string().nullable(),
  at: timestamp,
});

export const historyResponse = z
  .object({
    session_id: z.string(),
    escalated: z
      .literal(true)
      .optional()
      .meta({ description: 'Present while a person answers the session (after a handoff, until resolved)' }),
    messages: z.array(
      z.object({
        id: z.string(),
        role: z.enum(['user', 'assistant', 'human_agent']),
        content: z.string(),
        timestamp,
        agent: z.string().optional(),
        author: z.string().optional().meta({ description: 'Who wrote a human_agent message' }),
        status: z.literal('incomplete').optional(),
        error: z.string().nullable().optional(),
        feedback: messageFeedback.optional(),
        citations: z
          .array(citation)
          .optional()
          .meta({ description: 'The sources an answer cited (assistant messages that cited any)' }),
      }),
    ),
  })
  .meta({ title: 'History' });

export const endedSession = z.object({ session_id: z.string(), ended: z.literal(true), ended_at: timestamp });

// Chat and conversations (seed 004)

export const chatBody = z.strictObject({
  message: messageText,
  conversation_id: identifier.nullable().optional(),
  stream: z.boolean().optional(),
});

export const chatResponse = z
  .object({
    id: z.string(),
    conversation_id: z.string().nullable(),
    content: z.string(),
    citations: z.array(citation),
    applied_definitions: z.array(
      z.object({ id: z.string(), name: z.string(), type: z.enum(['rule', 'term']) }),
    ),
    usage: z.object({
      prompt_tokens: z.number().int(),
      completion_tokens: z.number().int(),
      total_tokens: z.number().int(),
    }),
    created_at: timestamp,
  })
  .meta({ title: 'ChatResponse' });

export const conversationSummary = z
  .object({
    id: z.string(),
    agent_id: z.string(),
    message_count: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'ConversationSummary' });

export const conversation = z
  .object({
    id: z.string(),
    agent_id: z.string(),
    messages: z.array(
      z.object({
        id: z.string(),
        role: z.enum(['user', 'assistant', 'human_agent']),
        content: z.string(),
        citations: z.array(citation).optional(),
        status: z.literal('incomplete').optional(),
        error: z.string().nullable().optional(),
        feedback: messageFeedback.optional().meta({
          description: 'The rating an answer was given (feedback over the socket, from the share page)',
        }),
        created_at: timestamp,
      }),
    ),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Conversation' });

export const shareBody = z.strictObject({
  expires_in: z
    .number()
    .int()
    .min(1)
    .max(24 * 365 * 10)
    .nullable()
    .optional()
    .meta({ description: 'Hours until the link expires; absent or null: never' }),
  allow_conversations: z.boolean().optional(),
});

export const shareResponse = z.object({
  share_url: z.string(),
  token: z.string(),
  expires_at: timestamp.nullable(),
});

export const sharesRevoked = z.object({ id: z.string(), shares_revoked: z.literal(true) });

// Keys

function isOrigin(value: string): boolean {
  if (value === '*') return true;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const rateLimit = z.strictObject({
  per_minute: z.number().int().min(1).max(10_000_000),
  per_day: z.number().int().min(1).max(1_000_000_000),
});

/** In a JSON Schema rule: the property must not be there. */
const absent = { not: {}, description: 'must be absent' };

export const createKeyBody = z
  .strictObject({
    name: z.string().min(1).max(100),
    kind: z.enum(['secret', 'publishable']),
    plan: z.enum(['free', 'pro', 'enterprise']).optional(),
    app_id: identifier.optional(),
    agent_id: identifier.optional(),
    allowed_origins: z
      .array(
        z
          .string()
          .refine(isOrigin, 'must be a web origin such as https://example.com, or "*"')
          .meta({ pattern: '^(\\*|https?://[^/?#\\s]+)$', example: 'https://shop.example.com' }),
      )
      .max(50)
      .optional()
      .meta({ description: 'Web origins a publishable key may be used from; `"*"` for any' }),
    rate_limit: rateLimit
      .optional()
      .meta({ description: 'Enterprise keys only, and required for them; other plans have fixed limits' }),
  })
  .meta({
    // The rules `keys.create` enforces, stated so that tools can check them too (`absent`: `not: {}`).
    allOf: [
      {
        if: { properties: { kind: { const: 'secret' } } },
        // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, in a plain schema object
        then: {
          description: 'A secret key reaches the whole workspace: no app_id, agent_id or origins',
          properties: { app_id: absent, agent_id: absent, allowed_origins: { maxItems: 0 } },
        },
        else: {
          description: 'A publishable key is bound to exactly one app_id or agent_id and at least one origin',
          required: ['allowed_origins'],
          properties: { allowed_origins: { minItems: 1 } },
          oneOf: [
            { required: ['app_id'], properties: { app_id: {}, agent_id: absent } },
            { required: ['agent_id'], properties: { agent_id: {}, app_id: absent } },
          ],
        },
      },
      {
        if: { properties: { plan: { const: 'enterprise' } }, required: ['plan'] },
        // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword, in a plain schema object
        then: { required: ['rate_limit'], properties: { rate_limit: {} } },
        else: { properties: { rate_limit: absent } },
      },
    ],
  });

const keyFields = {
  id: z.string(),
  name: z.string(),
  kind: z.enum(['secret', 'publishable']),
  plan: z.enum(['free', 'pro', 'enterprise']),
  masked: z.string().meta({ example: 'sk_…a1b2' }),
  app_id: z.string().nullable(),
  agent_id: z.string().nullable(),
  allowed_origins: z.array(z.string()),
  rate_limit: z.object({ per_minute: z.number().int(), per_day: z.number().int() }),
  created_at: timestamp,
};

export const key = z.object(keyFields).meta({ title: 'Key' });

export const createdKey = z
  .object({ ...keyFields, key: z.string().meta({ description: 'The key itself, shown this once' }) })
  .meta({ title: 'CreatedKey' });

// Path parameters

export const appPath = z.strictObject({ app_id: identifier });
export const sessionPath = z.strictObject({ app_id: identifier, session_id: identifier });
export const agentPath = z.strictObject({ id: identifier });
export const agentDatastorePath = z.strictObject({ id: identifier, datastore_id: identifier });
export const conversationPath = z.strictObject({ id: identifier, conversation_id: identifier });
export const keyPath = z.strictObject({ id: identifier });

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

// Escalation, handoff, feedback

export const emptyBody = z.strictObject({});

export const escalated = z.object({
  session_id: z.string(),
  escalated: z.literal(true),
  escalated_at: timestamp.nullable(),
  message: z.string().meta({ description: 'What the user is told happens next' }),
});

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

// Datastores and documents

export const createDatastoreBody = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().max(1_000).optional(),
});

export const updateDatastoreBody = createDatastoreBody.partial();

export const datastore = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    document_count: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Datastore' });

export const textDocumentBody = z.strictObject({
  name: z.string().min(1).max(200).meta({ description: 'e.g. returns.md; the extension says the format' }),
  text: z.string().min(1).max(1_000_000),
});

/** The multipart form of a document upload (the OpenAPI document; `readUpload` reads it). */
export const documentUploadForm = z.object({
  file: z.file().meta({ description: 'The document: PDF, DOCX, HTML, Markdown or plain text' }),
  name: z.string().max(200).optional().meta({ description: 'The name to keep; the file name when absent' }),
});

export const document = z
  .object({
    id: z.string(),
    datastore_id: z.string(),
    name: z.string(),
    content_type: z.string().nullable(),
    size_bytes: z.number().int(),
    status: z.enum(['processing', 'ready', 'failed']),
    progress: z.number().min(0).max(1).meta({ description: 'How far reading has come, 0 to 1' }),
    error: z.string().nullable(),
    page_count: z.number().int().nullable(),
    chunk_count: z.number().int().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Document' });

export const datastorePath = z.strictObject({ id: identifier });
export const documentPath = z.strictObject({ id: identifier, document_id: identifier });

// Definitions

export const createDefinitionBody = z.strictObject({
  name: z.string().min(1).max(100),
  type: z.enum(['rule', 'term']),
  content: z.string().min(1).max(5_000),
  aliases: z.array(z.string().min(1).max(100)).max(20).optional(),
  agent_ids: z.array(identifier).max(100).optional(),
});

export const updateDefinitionBody = createDefinitionBody.partial();

export const definition = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.enum(['rule', 'term']),
    content: z.string(),
    aliases: z.array(z.string()),
    agent_ids: z.array(z.string()),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Definition' });

export const definitionPath = z.strictObject({ id: identifier });
