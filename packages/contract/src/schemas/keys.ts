import { z } from 'zod';
import { identifier, timestamp } from './common.js';

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
