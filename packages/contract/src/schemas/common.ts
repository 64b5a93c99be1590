import { z } from 'zod';
import { type ErrorCode, errorStatus } from '../errors.js';

export const identifier = z.string().min(1).max(200);

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});

const metadataDepthLimit = 8;

/** Whether objects or arrays nest more than `limit` levels; looks no deeper than that, so any input is safe. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
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

export const messageText = z
  .string()
  .max(32_000)
  .refine((value) => value.trim().length > 0, 'must not be empty')
  .meta({ description: "The user's message; not blank", pattern: '\\S' });

export const timestamp = z.string().meta({ description: 'ISO 8601 UTC', example: '2024-01-15T14:30:00Z' });

// Errors and lists

/** The contract's codes, in the order of `errorStatus` (the order the OpenAPI document lists them in). */
const errorCodes = Object.keys(errorStatus) as [ErrorCode, ...ErrorCode[]];

export const errorResponse = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ title: 'Error' });

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
}

export const deleted = z.object({ id: z.string(), deleted: z.literal(true) });

// Path parameters

export const appPath = z.strictObject({ app_id: identifier });
export const sessionPath = z.strictObject({ app_id: identifier, session_id: identifier });
export const agentPath = z.strictObject({ id: identifier });
export const agentDatastorePath = z.strictObject({ id: identifier, datastore_id: identifier });
export const conversationPath = z.strictObject({ id: identifier, conversation_id: identifier });
export const keyPath = z.strictObject({ id: identifier });
