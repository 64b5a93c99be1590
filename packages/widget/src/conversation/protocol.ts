/** The wire shapes of the Socket.IO channel (`docs/socket-protocol.md`) that the widget reads and writes. */

export interface ErrorObject {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Every client message is acknowledged with `{ok: true, …}` or `{ok: false, error}`. */
export type Acknowledgement<Answer extends object = object> =
  | ({ ok: true } & Answer)
  | { ok: false; error: ErrorObject };

export interface Citation {
  id: number;
  document_id?: string;
  document_name: string;
  page_number: number;
  excerpt: string;
  score?: number;
}

export interface ChatConfig {
  name?: string;
  greeting?: string | null;
  starter_prompts?: string[];
  allow_conversations?: boolean;
}

export type MessageRole = 'user' | 'assistant' | 'human_agent';

/** A stored message, as `history` (sessions) and `conversation` (agent conversations) give it. */
export interface StoredMessage {
  id: string;
  role: MessageRole;
  content: string;
  author?: string;
  status?: 'incomplete' | 'complete';
  citations?: Citation[];
  feedback?: { rating: 'up' | 'down' } | null;
  /** When it was written: `timestamp` in a session's history, `created_at` in a conversation. */
  timestamp?: string;
  created_at?: string;
}

/** Fields every turn event carries. */
export interface TurnEventBase {
  request_id?: string;
  seq?: number;
}

export type TurnEvent =
  | (TurnEventBase & { type: 'start'; session_id?: string; conversation_id?: string | null })
  | (TurnEventBase & { type: 'token'; content: string })
  | (TurnEventBase & { type: 'tool_call'; tool: string; status: 'started' | 'completed' | 'failed' })
  | (TurnEventBase & { type: 'citation' } & Citation)
  | (TurnEventBase & {
      type: 'done';
      /** The stored answer (null: nothing was stored). */
      message_id?: string | null;
      conversation_id?: string | null;
      citations?: Citation[];
      /** A person answers the session now (this turn may have handed it over). */
      escalated?: boolean;
    })
  | (TurnEventBase & { type: 'error'; error: ErrorObject });

export interface HumanMessageEvent {
  session_id: string;
  message: StoredMessage;
}
