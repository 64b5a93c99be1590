import { z } from 'zod';
import { identifier, messageText, timestamp } from './common.js';
import { citation, messageFeedback } from './sessions.js';

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
        author: z
          .string()
          .nullable()
          .optional()
          .meta({ description: "A person's message (`human_agent`, after a handoff): who wrote it" }),
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
