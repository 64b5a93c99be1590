import type { ErrorCode } from './errors.js';

/** Token counts of a turn; chat turns add the OpenAI-style names. */
export interface TurnUsage {
  input_tokens: number;
  output_tokens: number;
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

/** A passage the answer cites, numbered as `[n]` in its text. */
export interface Citation {
  id: number;
  document_id: string;
  document_name: string;
  page_number: number;
  /** Markdown and HTML: the heading the passage sits under; absent for PDFs and Word files. */
  section?: string;
  excerpt: string;
  score: number;
}

export interface StartEvent {
  type: 'start';
  trace_id: string;
  session_id?: string;
  conversation_id?: string | null;
}

export interface TokenEvent {
  type: 'token';
  content: string;
}

export interface ToolCallEvent {
  type: 'tool_call';
  tool: string;
  status: 'started' | 'completed' | 'failed';
}

export type CitationEvent = { type: 'citation' } & Citation;

/** The last event of a turn: the same fields for an app's session and an agent's conversation, plus each one's own. */
export interface DoneEvent {
  type: 'done';
  usage: TurnUsage;
  agent: string;
  agent_id: string;
  tools_used: string[];
  trace_id: string;
  /** The stored answer, for feedback; null when nothing was stored (a person answers, or no conversation is kept). */
  message_id: string | null;
  /** An app's session. */
  session_id?: string;
  /** True when a person answers this session: the model stays quiet. */
  escalated?: boolean;
  /** An agent's conversation: the answer's id, conversation, citations and definitions. */
  id?: string;
  conversation_id?: string | null;
  citations?: Citation[];
  applied_definitions?: Record<string, unknown>[];
  created_at?: string;
}

export interface ErrorEvent {
  type: 'error';
  error: { code: ErrorCode; message: string };
}

/** What a turn tells its listener as it goes: the SSE event names of the contract. */
export type TurnEvent = StartEvent | TokenEvent | ToolCallEvent | CitationEvent | DoneEvent | ErrorEvent;

export type TurnEventListener = (event: TurnEvent) => void;
