import type { JsonObject, RequestOptions } from './common.js';

export interface ExecuteParams extends RequestOptions {
  appId: string;
  message: string;
  /** Continue this session; without it a new session is opened and its id returned. */
  sessionId?: string;
  /** Merged into the session's `sessionMeta.metadata`. */
  metadata?: JsonObject;
  userId?: string;
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
  /** Present when the session is (or just became) escalated: the model stays quiet until `sessions.resolve`. */
  escalated?: true;
}
