import type { ErrorCode, ErrorDetails } from '../errors.js';
import type { TurnEvent } from '../turn-events.js';
import type { ConversationMessage } from './conversations.js';
import type { SessionMessage } from './sessions.js';

/** The error of a refused socket message: the contract's error object. */
export interface SocketError {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

/**
 * Every client message is acknowledged with `{ok: true, …}` or `{ok: false, error}`. `Failure` lets a
 * client widen the error with the ones it reports itself (no connection, no answer in time).
 */
export type Acknowledgement<Answer extends object = object, Failure extends object = SocketError> =
  | ({ ok: true } & Answer)
  | { ok: false; error: Failure };

/** What a chat window shows before the first message (`config`): an app's, or an agent's (the share page). */
export interface WidgetConfig {
  name: string;
  greeting: string | null;
  starter_prompts: string[];
  allow_conversations: boolean;
  /** For a verified user (`user_hash`): their latest session of this app that has not ended, to continue on this device. */
  session_id?: string;
}

/** Fields every turn event carries on the socket: the client's request id and the event's place in the turn. */
export interface SocketTurnEventFields {
  request_id?: string;
  seq?: number;
}

/** A turn event as the socket sends it (`start`, `token`, `tool_call`, `citation`, `done`, `error`). */
export type SocketTurnEvent = TurnEvent & SocketTurnEventFields;

/**
 * A stored message as `history` (sessions) or `conversation` (agent conversations) gives it: the fields
 * both have, `author`, which only a session's `human_agent` messages carry, and when it was written
 * (`timestamp` in a session's history, `created_at` in a conversation).
 */
export type StoredMessage = Pick<
  ConversationMessage,
  'id' | 'role' | 'content' | 'citations' | 'status' | 'error' | 'feedback'
> &
  Pick<SessionMessage, 'author'> &
  Partial<Pick<SessionMessage, 'timestamp'> & Pick<ConversationMessage, 'created_at'>>;

/** `human_message`: a person wrote into an escalated session. */
export interface HumanMessageEvent {
  session_id: string;
  message: SessionMessage;
}
