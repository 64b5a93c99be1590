import { z } from 'zod';
import { identifier, timestamp } from './common.js';
import { citation, messageFeedback } from './sessions.js';

// The inbox: sessions listed for the people who answer them

const channel = z.enum(['widget', 'share', 'slack', 'teams', 'api']);
const role = z.enum(['user', 'assistant', 'human_agent']);

export const inboxQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
  status: z
    .enum(['needs_person', 'mine', 'all', 'active', 'ended'])
    .default('all')
    .meta({
      description:
        '`needs_person`: escalated and taken by nobody; `mine`: taken by the caller; `all` (or `active`): ' +
        'every ongoing session; `ended`: ended or expired',
    }),
  channel: channel.optional(),
  escalated: z.enum(['true', 'false']).optional(),
  q: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({
      description:
        "Words in the visitor's name, the session's metadata or its latest messages (about the last 1,000 " +
        'characters; older text is not searched). A search reads at most a bounded number of sessions per ' +
        'page: a page may come back short with `has_more` true, the next page goes on from there',
    }),
});

export const allAppsInboxQuery = inboxQuery.extend({ app_id: identifier.optional() });

export const inboxAssignee = z.object({ id: z.string(), name: z.string() });

export const inboxSession = z
  .object({
    session_id: z.string().meta({
      description: "The thread's id: the session's, or for an agent's conversation the conversation's",
    }),
    app_id: z
      .string()
      .nullable()
      .meta({ description: "The session's app; null for an agent's conversation" }),
    agent_id: z
      .string()
      .nullable()
      .meta({ description: "An agent's conversation (the share page): its agent; null for a session" }),
    conversation_id: z
      .string()
      .nullable()
      .meta({ description: "An agent's conversation (the share page): its id; null for a session" }),
    channel,
    visitor: z.object({ name: z.string().nullable(), user_id: z.string().nullable() }),
    last_message: z
      .object({ role, content: z.string(), author: z.string().nullable(), timestamp })
      .nullable(),
    message_count: z.number().int(),
    status: z.enum(['active', 'ended']),
    escalated: z.boolean(),
    escalated_at: timestamp.nullable(),
    assigned_to: inboxAssignee.nullable(),
    contact_email: z
      .string()
      .nullable()
      .meta({
        description:
          'The email the visitor left to be answered later (session metadata `contact_email`, the widget offers ' +
          'it when the team is away or no one took the escalation in time); null: none',
      }),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'InboxSession' });

export const inboxMessage = z.object({
  id: z.string(),
  role,
  content: z.string(),
  timestamp,
  agent: z.string().nullable(),
  author: z.string().nullable(),
  status: z.enum(['complete', 'incomplete']),
  error: z.string().nullable(),
  tools_used: z.array(z.string()),
  citations: z.array(citation),
  feedback: messageFeedback.nullable(),
});

export const inboxTranscript = z
  .object({ session: inboxSession, messages: z.array(inboxMessage) })
  .meta({ title: 'InboxTranscript' });

const personName = z.string().trim().min(1).max(200);

export const assignBody = z.strictObject({
  name: personName
    .optional()
    .meta({ description: "The person's name (secret keys); a console operator is named by their account" }),
});

export const inboxAssignment = z.object({
  session_id: z.string(),
  escalated: z.literal(true),
  escalated_at: timestamp.nullable(),
  assigned_to: inboxAssignee,
});

export const typingBody = assignBody;

export const inboxTyping = z.object({ session_id: z.string(), author: z.string() });

// The same handoff for an agent's conversation (the share page)

export const conversationEscalated = z
  .object({
    conversation_id: z.string(),
    escalated: z.literal(true),
    escalated_at: timestamp.nullable(),
    message: z.string().meta({ description: 'What the visitor is told happens next' }),
  })
  .meta({ title: 'ConversationEscalated' });

export const conversationHumanMessage = z.object({
  conversation_id: z.string(),
  id: z.string(),
  role: z.literal('human_agent'),
  content: z.string(),
  timestamp,
  author: z.string().nullable(),
});

export const conversationResolved = z.object({ conversation_id: z.string(), escalated: z.literal(false) });

export const conversationAssignment = z.object({
  conversation_id: z.string(),
  escalated: z.literal(true),
  escalated_at: timestamp.nullable(),
  assigned_to: inboxAssignee,
});

export const conversationTyping = z.object({ conversation_id: z.string(), author: z.string() });
