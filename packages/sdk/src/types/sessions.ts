import type { JsonObject } from './common.js';

export interface SessionCreateParams {
  appId: string;
  userId?: string;
  /** Merged into the session's `sessionMeta.metadata`. */
  metadata?: JsonObject;
}

export interface SessionRef {
  appId: string;
  sessionId: string;
}

export interface Session {
  session_id: string;
  created_at: string;
  expires_at: string;
}

export type MessageRole = 'user' | 'assistant' | 'human_agent';

/** `incomplete`: the answer was cut short (client gone, provider error) and stored as far as it got. */
export type MessageStatus = 'complete' | 'incomplete';

export interface SessionMessage {
  id: string;
  role: MessageRole;
  content: string;
  timestamp: string;
  /** The agent that answered (assistant messages). */
  agent?: string;
  /** Present when the answer is `incomplete`. */
  status?: MessageStatus;
  /** Why the answer is incomplete, e.g. `client_disconnected`, `upstream_error`. */
  error?: string | null;
  /** Who wrote a `human_agent` message, when they gave a name. */
  author?: string;
  /** The rating the answer was given (`sessions.rate`). */
  feedback?: { rating: 'up' | 'down'; comment: string | null; at: string };
}

export interface SessionHistory {
  session_id: string;
  messages: SessionMessage[];
}

export interface SessionEnded {
  session_id: string;
  ended: true;
  ended_at: string;
}
