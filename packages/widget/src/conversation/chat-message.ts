import type { Citation, MessageRole, StoredMessage } from './protocol.js';
import type { PendingTurn } from './thread-record.js';

export type ChatMessageState = 'pending' | 'sent' | 'waiting' | 'streaming' | 'done' | 'error';

export interface ToolRun {
  tool: string;
  status: 'started' | 'completed' | 'failed';
}

/** A message as the chat shows it. */
export interface ChatMessage {
  /** Stable for rendering: the stored id, or derived from the turn's request id. */
  key: string;
  role: MessageRole | 'notice';
  content: string;
  state: ChatMessageState;
  /** The stored message's id (feedback needs it). */
  id?: string;
  author?: string;
  requestId?: string;
  citations: Citation[];
  tools: ToolRun[];
  error?: string;
  /** Its error is one a retry cannot change (the key or link was refused): no Retry button. */
  final?: boolean;
  rating?: 'up' | 'down';
  /** When it was written (ISO 8601); unknown for a message not yet sent. */
  at?: string;
  /** Its turn's `done` said a person answers the session now (the session settles what it is). */
  handoff?: boolean;
}

/** The user's message of a turn: pending until it is sent. */
export function userMessage(turn: PendingTurn): ChatMessage {
  return {
    key: `u-${turn.request_id}`,
    role: 'user',
    content: turn.message,
    state: turn.sent ? 'sent' : 'pending',
    requestId: turn.request_id,
    at: new Date().toISOString(),
    citations: [],
    tools: [],
  };
}

/** The assistant's message of a turn, before (or without) its answer. */
export function placeholderAnswer(turn: PendingTurn, state: ChatMessageState): ChatMessage {
  return {
    key: `a-${turn.request_id}`,
    role: 'assistant',
    content: turn.answer ?? '',
    state,
    requestId: turn.request_id,
    citations: turn.citations ?? [],
    tools: [],
  };
}

/** A message of the stored conversation (history, or a person's message as it arrives). */
export function fromStored(message: StoredMessage): ChatMessage {
  return {
    key: message.id,
    id: message.id,
    role: message.role,
    content: message.content,
    state: message.status === 'incomplete' && message.content === '' ? 'error' : 'done',
    citations: message.citations ?? [],
    tools: [],
    ...(message.author ? { author: message.author } : {}),
    ...(message.feedback?.rating ? { rating: message.feedback.rating } : {}),
    ...(message.timestamp || message.created_at ? { at: message.timestamp ?? message.created_at } : {}),
  };
}

/** A line about the conversation itself (a person joined or left); `number` keeps its key unique. */
export function noticeMessage(text: string, number: number): ChatMessage {
  return {
    key: `notice-${number}`,
    role: 'notice',
    content: text,
    state: 'done',
    citations: [],
    tools: [],
    at: new Date().toISOString(),
  };
}
