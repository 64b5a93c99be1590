import type { ParleyServerErrorCode } from '../errors.js';
import type { ChatUsage } from './agents.js';
import type { AppliedDefinition, Citation } from './citations.js';
import type { ExecuteUsage } from './execute.js';

export interface StartEvent {
  type: 'start';
  trace_id: string;
  /** App execute streams: the session of the turn. */
  session_id?: string;
  /** Agent chat streams: the conversation, or null when a share link keeps no conversations. */
  conversation_id?: string | null;
}

export interface TokenEvent {
  type: 'token';
  content: string;
}

export type ToolCallStatus = 'started' | 'completed' | 'failed';

export interface ToolCallEvent {
  type: 'tool_call';
  tool: string;
  status: ToolCallStatus;
}

export interface CitationEvent extends Citation {
  type: 'citation';
}

/** Execute streams report `input_tokens`/`output_tokens`; agent chat streams may add the chat counts. */
export type StreamUsage = ExecuteUsage & Partial<ChatUsage>;

export interface DoneEvent {
  type: 'done';
  usage: StreamUsage;
  agent?: string;
  agent_id?: string;
  tools_used?: string[];
  trace_id?: string;
  /** App execute streams: the session and the stored assistant message (`msg_…`, to rate it). */
  session_id?: string;
  message_id?: string;
  /** App execute streams: the session is escalated to a person. */
  escalated?: true;
  /** Agent chat streams: the stored assistant message. */
  id?: string;
  conversation_id?: string | null;
  citations?: Citation[];
  applied_definitions?: AppliedDefinition[];
}

/** The stream failed after it began. The iterator yields it as its last event and does not throw. */
export interface StreamErrorEvent {
  type: 'error';
  error: { code: ParleyServerErrorCode; message: string };
}

export type StreamEvent =
  | StartEvent
  | TokenEvent
  | ToolCallEvent
  | CitationEvent
  | DoneEvent
  | StreamErrorEvent;

export type StreamEventType = StreamEvent['type'];

/** What `executeStream` and `agents.chatStream` return. `return()` (or `break` in `for await`) cancels it. */
export type EventStream = AsyncGenerator<StreamEvent, void, undefined>;
