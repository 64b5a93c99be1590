import type { Acknowledgement, ChatConfig, ErrorObject, StoredMessage } from './protocol.js';
import type { PendingTurn, StoredThread } from './thread-record.js';
import type { Transport } from './transport.js';

/** A thread's messages as the server keeps them. */
export interface StoredConversation {
  messages: StoredMessage[];
  /** Only where a person can answer: whether one still does. */
  escalated?: boolean;
}

/** What names a thread a person can join, in the socket's messages; its events carry its id alike. */
export type LiveThread =
  | { app_id: string; session_id: string }
  | { agent_id: string; conversation_id: string };

/** The thread ids a turn's `start` or `done` event may name. */
export interface ThreadIds {
  session_id?: string;
  conversation_id?: string | null;
}

/**
 * Whom the chat talks to, and everything that differs with it: an app's
 * session (`AppSessionTarget`: history, live events, a person can join) or an
 * agent's conversation (`AgentConversationTarget`: a share link or an agent's
 * key; kept only when the agent allows it). Each holds its thread's id; the
 * chat session asks its target and never checks which kind it has.
 */
export interface ChatTarget {
  /** The app's or agent's id: its thread is kept under `parley:<id>`. */
  readonly id: string;
  /** The credential the socket presents, of the element's publishable `key` and share `token`. */
  credential(key: string, token: string): string;
  /** The fields naming the target in `config`. */
  readonly configFields: Record<string, string>;
  /** Takes the server's configuration; true when that dropped the thread id (save the record). */
  configure(config: ChatConfig): boolean;
  /** Reads the thread id from a stored record. */
  restore(stored: StoredThread): void;
  /** Writes the thread id into the record to store. */
  record(into: StoredThread): void;
  /** Takes the thread id a turn event names. */
  adopt(ids: ThreadIds): void;
  /** Forgets the thread (it expired, or the user logged out). */
  forget(): void;
  /** The message that runs a turn, and its payload. */
  turnRequest(turn: PendingTurn, metadata: Record<string, unknown>): [event: string, payload: object];
  /** Reads the stored thread; null when there is none to read. */
  readThread(transport: Transport): Promise<Acknowledgement<StoredConversation>> | null;
  /** Where a turn failed because the server no longer knows the thread: forgets it and says so. */
  expired(error: ErrorObject): boolean;
  /**
   * The thread a person can join (followed live, escalated), once there is one: an app's session
   * (`app_id`, `session_id`) or a kept agent conversation (`agent_id`, `conversation_id`).
   */
  readonly liveSession: LiveThread | null;
  /** Answers can be rated. */
  readonly canRate: boolean;
  /** The fields naming the thread of a rating; null when it cannot be rated (yet). */
  readonly ratingFields: Record<string, string> | null;
}
