import type { Citation } from '../turn-events.js';
import type { MessageFeedback, MessageRole } from './common.js';

export type TranscriptType = 'session' | 'conversation';

/** A message as support staff read it: everything the turn stored. */
export interface TranscriptMessage {
  id: string;
  role: MessageRole;
  content: string;
  created_at: string;
  agent: string | null;
  author: string | null;
  status: 'complete' | 'incomplete';
  error: string | null;
  citations: Citation[];
  tools_used: string[];
  feedback: MessageFeedback | null;
  latency_ms: number | null;
}

/** A session or agent conversation, whole, for reading and export. */
export interface Transcript {
  type: TranscriptType;
  id: string;
  app_id: string | null;
  app_name: string | null;
  agent_id: string | null;
  agent_name: string | null;
  status: 'active' | 'ended';
  escalated: boolean;
  channel: string | null;
  user_id: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  messages: TranscriptMessage[];
}

export interface TranscriptMatch {
  type: TranscriptType;
  id: string;
  app_id: string | null;
  app_name: string | null;
  agent_id: string | null;
  agent_name: string | null;
  last_message_at: string;
  excerpt: string;
  excerpt_role: MessageRole;
}

export interface TranscriptSearch {
  data: TranscriptMatch[];
  searched_messages: number;
  complete: boolean;
}
