import type { Citation } from './citations.js';
import type { MessageFeedback, MessageRole, MessageStatus } from './common.js';

export interface ConversationSummary {
  id: string;
  agent_id: string;
  message_count: number;
  created_at: string;
  updated_at: string;
}

export interface ConversationMessage {
  id: string;
  role: MessageRole;
  content: string;
  /** Assistant messages. */
  citations?: Citation[];
  status?: MessageStatus;
  error?: string | null;
  /** The rating the answer was given (feedback over the socket, from the share page). */
  feedback?: MessageFeedback;
  /** A person's message (`human_agent`, after a handoff): who wrote it. */
  author?: string | null;
  created_at: string;
}

export interface Conversation {
  id: string;
  agent_id: string;
  messages: ConversationMessage[];
  created_at: string;
  updated_at: string;
}
