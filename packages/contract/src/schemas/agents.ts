import { z } from 'zod';
import { builtInToolNames, httpToolMethods } from '../http-tools.js';
import { parametersSchemaProblem } from '../json-schema.js';
import { nestsDeeperThan, timestamp } from './common.js';

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

/** What the share page shows before the first message, as apps have it (fewer prompts: a page, not a panel). */
const agentIntroFields = {
  greeting: z
    .string()
    .max(2_000)
    .nullable()
    .meta({ description: 'At most 2000 chars, shown first on the share page; null: none' }),
  starter_prompts: z
    .array(z.string().min(1).max(200))
    .max(6)
    .meta({ description: 'Suggested questions on the share page, 1–200 chars each; a click sends one' }),
  slack_support_channel: z
    .string()
    .regex(
      /^(?:T[A-Z0-9]{2,40}\/)?[CG][A-Z0-9]{2,40}$/,
      'a Slack channel id such as C0123ABCDEF, or a workspace id and a channel id such as T0123ABCD/C0123ABCDEF',
    )
    .nullable()
    .meta({
      description:
        "A Slack channel's id (`C…`, `G…`) where each escalation of a share-page conversation opens a thread " +
        'with its context; what the support team writes in that thread reaches the visitor, and its *Hand back* ' +
        'button resolves. The Slack connector must be on and its bot a member of the channel. With several ' +
        'workspaces (*Add to Slack*), name the one the channel is in: `T…/C…` (its id, a slash, the channel id); ' +
        'a channel alone is used only when one workspace is installed. `null`: off',
    }),
};

export const createAgentBody = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().max(1_000).optional(),
  greeting: agentIntroFields.greeting.optional(),
  starter_prompts: agentIntroFields.starter_prompts.optional(),
  slack_support_channel: agentIntroFields.slack_support_channel.optional(),
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
    ...agentIntroFields,
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

export const toolTestBody = z
  .strictObject({
    tool: httpToolInput.meta({
      description:
        'The tool to call, saved or not (an editor tests before saving); a header value sent masked (`…a1b2`) ' +
        "is the agent's stored value for the tool of that name",
    }),
    arguments: z
      .record(z.string().max(200), z.json())
      .default({})
      .meta({
        description: 'Sample arguments, as the model would give them',
        example: { order_id: 'A-1001' },
      }),
  })
  .meta({ title: 'ToolTestBody' });

export const toolTestResult = z
  .object({
    ok: z.boolean().meta({ description: 'The tool answered 2xx' }),
    status: z.number().int().nullable().meta({ description: 'Its HTTP status; null when it did not answer' }),
    body: z.string().meta({ description: 'Its answer as the model reads it (the first 32 KiB)' }),
    error: z.string().nullable().meta({
      description: 'Why it failed (invalid arguments, refused address, timeout, HTTP status); null when ok',
    }),
  })
  .meta({ title: 'ToolTestResult' });
