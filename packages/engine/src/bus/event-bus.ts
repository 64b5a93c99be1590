import type { TurnEvent } from '../events.js';
import type { MessageRole } from '../types.js';

/**
 * What the edges that follow a session (the widget socket, the platform bridge) hear as it happens. A
 * kept agent conversation (the share page) is followed alike: its events carry its id in `session_id`.
 */
export type SessionEvent =
  | {
      type: 'message';
      session_id: string;
      message: { id: string; role: MessageRole; content: string; timestamp: string; author: string | null };
      /** Where a person's message was written when not in the console or the API (`support:slack`). */
      origin?: string;
    }
  | { type: 'escalated'; session_id: string; reason: string }
  | { type: 'resolved'; session_id: string }
  /** A person took the session over (the inbox): it is theirs until hand-back. */
  | { type: 'assigned'; session_id: string; operator: { id: string; name: string } }
  /** A person is writing an answer; the visitor sees "<name> is typing…" for a few seconds. */
  | { type: 'typing'; session_id: string; author: string }
  /**
   * No person will answer soon: the team is away (`closed`, the app's opening hours) or nobody took the
   * escalated session within the app's `handoff_timeout_seconds` (`timeout`). The visitor may leave an email.
   */
  | { type: 'away'; session_id: string; app_id: string; reason: 'closed' | 'timeout' };

/** A turn event of a session as it happens, for those watching it live (the console's inbox). */
export interface SessionTurnEvent {
  session_id: string;
  event: TurnEvent;
}

/** Everything published, by topic. */
export interface TopicPayloads {
  /** `session:<id>`: the session's live events. */
  session: SessionEvent;
  /** `sessions`: every session's live events, for edges that follow many (Slack, Teams). */
  sessions: SessionEvent;
  /** `turn:<session id>`: the session's turn events (start, token, tool_call, citation, done) as they happen. */
  turn: SessionTurnEvent;
  /**
   * `inbox`: a session's record, a message or its memory was written (its inbox summary changed); for
   * an agent conversation, `session_id` is its id and `app_id` is empty.
   */
  inbox: { session_id: string; app_id: string };
  /** New outbox entries were written: webhook deliveries to send, by id, oldest first. */
  outbox: { count: number; ids: string[] };
}

export type BusTopic = `session:${string}` | 'sessions' | `turn:${string}` | 'inbox' | 'outbox';

type PayloadOf<T extends BusTopic> = T extends `session:${string}` | 'sessions'
  ? TopicPayloads['session']
  : T extends `turn:${string}`
    ? TopicPayloads['turn']
    : T extends 'inbox'
      ? TopicPayloads['inbox']
      : TopicPayloads['outbox'];

/**
 * Publish/subscribe between the engine and the edges. The embedded default is
 * in-process; with several nodes a shared bus (Redis) carries the same topics.
 */
export interface EventBus {
  publish<T extends BusTopic>(topic: T, payload: PayloadOf<T>): void;
  subscribe<T extends BusTopic>(topic: T, listener: (payload: PayloadOf<T>) => void): () => void;
  /**
   * Resolves once every subscription made so far hears what is published from then on. A shared
   * bus subscribes asynchronously; the in-process one at once (it has no `settled`).
   */
  settled?(): Promise<void>;
}

export function sessionTopic(sessionId: string): `session:${string}` {
  return `session:${sessionId}`;
}

export function turnTopic(sessionId: string): `turn:${string}` {
  return `turn:${sessionId}`;
}

/** Tells the session's own listeners (a widget) and those following every session (Slack, Teams). */
export function publishSessionEvent(bus: EventBus, event: SessionEvent): void {
  bus.publish(sessionTopic(event.session_id), event);
  bus.publish('sessions', event);
}
