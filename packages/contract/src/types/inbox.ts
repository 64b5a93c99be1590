import type { Citation } from './citations.js';
import type { MessageFeedback, MessageRole } from './common.js';

/** Where a conversation comes from. */
export type InboxChannel = 'widget' | 'share' | 'slack' | 'teams' | 'api';

/** The inbox's filters: waiting for a person (escalated, nobody took it), taken by me, every ongoing one, ended. */
export type InboxStatus = 'needs_person' | 'mine' | 'all' | 'active' | 'ended';

/** A person answering a session. */
export interface InboxAssignee {
  id: string;
  name: string;
}

export interface InboxLastMessage {
  role: MessageRole;
  /** At most 200 characters. */
  content: string;
  author: string | null;
  timestamp: string;
}

/**
 * A session as the inbox lists it, or an agent's conversation (the share page): then `app_id` is null,
 * `agent_id` and `conversation_id` name it, and `session_id` is the conversation's id too.
 */
export interface InboxSession {
  session_id: string;
  app_id: string | null;
  agent_id: string | null;
  conversation_id: string | null;
  channel: InboxChannel;
  visitor: { name: string | null; user_id: string | null };
  last_message: InboxLastMessage | null;
  message_count: number;
  status: 'active' | 'ended';
  escalated: boolean;
  escalated_at: string | null;
  assigned_to: InboxAssignee | null;
  /** The email the visitor left to be answered later (session metadata `contact_email`); null: none. */
  contact_email: string | null;
  created_at: string;
  updated_at: string;
}

/** A message of a session as the inbox shows it: everything a person needs to take over. */
export interface InboxMessage {
  id: string;
  role: MessageRole;
  content: string;
  timestamp: string;
  agent: string | null;
  author: string | null;
  status: 'complete' | 'incomplete';
  error: string | null;
  tools_used: string[];
  citations: Citation[];
  feedback: MessageFeedback | null;
}

/** One session with its whole transcript (ended sessions included). */
export interface InboxTranscript {
  session: InboxSession;
  messages: InboxMessage[];
}

/** A session taken over by a person. */
export interface InboxAssignment {
  session_id: string;
  escalated: true;
  escalated_at: string | null;
  assigned_to: InboxAssignee;
}

export interface InboxTyping {
  session_id: string;
  author: string;
}

/** An agent's conversation (the share page) handed to a person: what the visitor is told. */
export interface ConversationEscalation {
  conversation_id: string;
  escalated: true;
  escalated_at: string | null;
  message: string;
}

/** A person's answer in an agent's conversation. */
export interface ConversationHumanMessage {
  conversation_id: string;
  id: string;
  role: 'human_agent';
  content: string;
  timestamp: string;
  author: string | null;
}

export interface ConversationResolution {
  conversation_id: string;
  escalated: false;
}

/** An agent's conversation taken over by a person. */
export interface ConversationAssignment {
  conversation_id: string;
  escalated: true;
  escalated_at: string | null;
  assigned_to: InboxAssignee;
}

export interface ConversationTyping {
  conversation_id: string;
  author: string;
}
