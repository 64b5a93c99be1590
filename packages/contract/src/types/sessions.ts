import type { Citation } from './citations.js';
import type { MessageFeedback, MessageRole, MessageStatus } from './common.js';

export interface Session {
  session_id: string;
  created_at: string;
  expires_at: string;
}

export interface ExecuteUsage {
  input_tokens: number;
  output_tokens: number;
}

export interface ExecuteResponse {
  response: string;
  session_id: string;
  trace_id: string;
  /** Name of the agent that answered. */
  agent: string;
  agent_id: string;
  tools_used: string[];
  usage: ExecuteUsage;
  /** Present (true) when the session is (or just became) escalated: the model stays quiet until resolved. */
  escalated?: boolean;
}

export interface SessionMessage {
  id: string;
  role: MessageRole;
  content: string;
  timestamp: string;
  /** The agent that answered (assistant messages). */
  agent?: string;
  /** Who wrote a `human_agent` message, when they gave a name. */
  author?: string;
  /** Present when the answer is `incomplete`. */
  status?: MessageStatus;
  /** Why the answer is incomplete, e.g. `client_disconnected`, `upstream_error`. */
  error?: string | null;
  /** The rating the answer was given. */
  feedback?: MessageFeedback;
  /** The sources an answer cited (assistant messages that cited any). */
  citations?: Citation[];
}

export interface SessionHistory {
  session_id: string;
  /** Present while a person answers the session (after a handoff, until resolved). */
  escalated?: true;
  messages: SessionMessage[];
}

export interface SessionEnded {
  session_id: string;
  ended: true;
  ended_at: string;
}
