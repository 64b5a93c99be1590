import { z } from 'zod';
import { identifier, messageText, metadata, timestamp } from './common.js';

// Sessions and execute (seed 000)

const userId = z.string().min(1).max(200);

/** Hex HMAC-SHA256 of the exact `user_id` with the app's identity secret, computed by the site's backend. */
const userHash = z
  .string()
  .max(200)
  .meta({
    description:
      "Hex HMAC-SHA256 of `user_id` with the app's identity secret; a publishable key's hash that does not " +
      'verify is refused (403, `details.reason: "identity_unverified"`)',
  });

export const createSessionBody = z.strictObject({
  user_id: userId.optional(),
  user_hash: userHash.optional(),
  metadata: metadata.optional(),
});

export const session = z
  .object({
    session_id: z.string(),
    created_at: timestamp,
    expires_at: timestamp,
  })
  .meta({ title: 'Session' });

export const executeBody = z.strictObject({
  message: messageText,
  session_id: identifier.optional(),
  metadata: metadata.optional(),
  user_id: userId.optional(),
  user_hash: userHash.optional(),
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
    section: z.string().optional().meta({
      description:
        'Markdown and HTML documents: the heading (h1–h3) the passage sits under, as plain text; absent for PDF and Word documents',
    }),
    excerpt: z.string(),
    score: z.number(),
  })
  .meta({ title: 'Citation' });

/** The rating an answer was given (`feedback`), on the messages of a history or a conversation. */
export const messageFeedback = z.object({
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

/** A citation of an answer (its number, `n`, as in `[n]`), in a session. */
export const citationPath = z.strictObject({
  app_id: identifier,
  session_id: identifier,
  message_id: identifier,
  n: z.coerce.number().int().min(1).max(999),
});

/** The same in an agent's conversation (the share page). */
export const conversationCitationPath = z.strictObject({
  id: identifier,
  conversation_id: identifier,
  message_id: identifier,
  n: z.coerce.number().int().min(1).max(999),
});

export const citationContext = z
  .object({
    id: z.number().int().meta({ description: "The citation's number, as in the answer's `[n]`" }),
    document_id: z.string(),
    document_name: z.string(),
    page_number: z.number().int(),
    section: z
      .string()
      .optional()
      .meta({ description: 'As on the citation: Markdown and HTML documents only' }),
    before: z.string().meta({
      description:
        "The page's text before the excerpt, from the stored passages (at most about 600 characters, `…` where cut)",
    }),
    excerpt: z.string().meta({ description: 'The cited excerpt, verbatim, as on the citation' }),
    after: z.string().meta({ description: "The page's text after the excerpt, as `before`" }),
    original: z
      .object({
        url: z.string().meta({
          description:
            'Path of `GET /v1/datastores/:id/documents/:document_id/original` on this server; add `?key=` with the ' +
            'publishable key or share token for a link, and `#page=` with the page for a PDF',
        }),
        content_type: z.string().meta({
          description: 'What it answers: `application/pdf` for a PDF, else `text/plain` as an attachment',
        }),
      })
      .nullable()
      .meta({
        description:
          "The document's original file, when its datastore is public and the file was kept; null otherwise",
      }),
  })
  .meta({ title: 'CitationContext' });
