import { z } from 'zod';
import { identifier, timestamp } from './common.js';
import { citation, messageFeedback } from './sessions.js';

// Transcripts: any session or agent conversation as support staff read and export it

export const transcriptQuery = z.strictObject({
  format: z
    .enum(['json', 'markdown'])
    .optional()
    .meta({ description: '`json` (default) or `markdown` (a `text/markdown` attachment)' }),
});

export const transcriptMessage = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant', 'human_agent']),
  content: z.string(),
  created_at: timestamp,
  agent: z.string().nullable().meta({ description: 'The agent that answered' }),
  author: z.string().nullable().meta({ description: 'Who wrote a human_agent message' }),
  status: z.enum(['complete', 'incomplete']),
  error: z.string().nullable(),
  citations: z.array(citation),
  tools_used: z.array(z.string()),
  feedback: messageFeedback.nullable(),
  latency_ms: z.number().nullable(),
});

export const transcript = z
  .object({
    type: z.enum(['session', 'conversation']),
    id: z.string(),
    app_id: z.string().nullable(),
    app_name: z.string().nullable(),
    agent_id: z.string().nullable(),
    agent_name: z.string().nullable(),
    status: z.enum(['active', 'ended']),
    escalated: z.boolean(),
    channel: z.string().nullable().meta({ description: '`slack`, `msteams`, … when a platform opened it' }),
    user_id: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    created_at: timestamp,
    updated_at: timestamp,
    messages: z.array(transcriptMessage),
  })
  .meta({ title: 'Transcript' });

export const transcriptSearchQuery = z.strictObject({
  q: z.string().max(200).optional().meta({
    description: 'Words in a message (any case), or a `sess_…`, `conv_…` or `msg_…` id; absent: the newest',
  }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const transcriptMatch = z.object({
  type: z.enum(['session', 'conversation']),
  id: z.string(),
  app_id: z.string().nullable(),
  app_name: z.string().nullable(),
  agent_id: z.string().nullable(),
  agent_name: z.string().nullable(),
  last_message_at: timestamp,
  excerpt: z.string().meta({ description: 'The newest matching message (the newest message without q)' }),
  excerpt_role: z.enum(['user', 'assistant', 'human_agent']),
});

export const transcriptSearch = z
  .object({
    data: z.array(transcriptMatch),
    searched_messages: z.number().int().meta({ description: 'How many of the newest messages were read' }),
    complete: z
      .boolean()
      .meta({ description: 'False when older messages were not read (the search is bounded)' }),
  })
  .meta({ title: 'TranscriptSearch' });

export const transcriptSessionPath = z.strictObject({ app_id: identifier, session_id: identifier });
export const transcriptConversationPath = z.strictObject({ id: identifier, conversation_id: identifier });
