import type {
  HumanMessageEvent,
  InboxAssignee,
  InboxSession,
  TurnEvent,
  TypingEvent,
} from '@parley/contract';
import { io, type Socket } from 'socket.io-client';

/** What the console feed (`/console`) says, by event name (docs/socket-protocol.md). */
export interface FeedEvents {
  session: InboxSession;
  escalated: { session_id: string; reason: string; session: InboxSession | null };
  assigned: { session_id: string; operator: InboxAssignee };
  resolved: { session_id: string };
  turn: { session_id: string; event: TurnEvent };
  human_message: HumanMessageEvent;
  typing: TypingEvent;
  connection: { live: boolean };
}

type Listener<Name extends keyof FeedEvents> = (payload: FeedEvents[Name]) => void;

/**
 * The one live connection of this console tab to the operator feed, authenticated by the session
 * cookie. It outlives the inbox page (the title badge and the sound go on while another page is
 * open) and reconnects by itself; sessions watched are watched again after a reconnect.
 */
export class InboxFeed {
  private socket: Socket | null = null;
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  /** The watched thread's id → what `watch` names it by (`app_id`/`session_id` or `agent_id`/`conversation_id`). */
  private readonly watched = new Map<string, Record<string, string>>();
  live = false;

  start(): void {
    if (this.socket) return;
    const socket = io('/console', { transports: ['websocket'], withCredentials: true });
    this.socket = socket;
    socket.on('connect', () => {
      this.live = true;
      for (const names of this.watched.values()) socket.emit('watch', names);
      this.dispatch('connection', { live: true });
    });
    socket.on('disconnect', () => {
      this.live = false;
      this.dispatch('connection', { live: false });
    });
    for (const name of [
      'session',
      'escalated',
      'assigned',
      'resolved',
      'turn',
      'human_message',
      'typing',
    ] as const)
      socket.on(name, (payload: FeedEvents[typeof name]) => this.dispatch(name, payload));
  }

  on<Name extends keyof FeedEvents>(name: Name, listener: Listener<Name>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as (payload: never) => void);
    this.listeners.set(name, set);
    return () => set.delete(listener as (payload: never) => void);
  }

  /**
   * Hear this session's (or agent conversation's) turns, messages and typing live; only one at a time
   * from the inbox.
   */
  watch(session: Pick<InboxSession, 'app_id' | 'session_id' | 'agent_id' | 'conversation_id'>): void {
    const names: Record<string, string> =
      session.agent_id && session.conversation_id
        ? { agent_id: session.agent_id, conversation_id: session.conversation_id }
        : { app_id: session.app_id ?? '', session_id: session.session_id };
    for (const [watchedId, watchedNames] of this.watched)
      if (watchedId !== session.session_id) this.socket?.emit('unwatch', watchedNames);
    this.watched.clear();
    this.watched.set(session.session_id, names);
    this.socket?.emit('watch', names);
  }

  private dispatch<Name extends keyof FeedEvents>(name: Name, payload: FeedEvents[Name]): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as Listener<Name>)(payload);
  }
}

export const inboxFeed = new InboxFeed();
