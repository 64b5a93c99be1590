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
  private readonly watched = new Map<string, string>();
  live = false;

  start(): void {
    if (this.socket) return;
    const socket = io('/console', { transports: ['websocket'], withCredentials: true });
    this.socket = socket;
    socket.on('connect', () => {
      this.live = true;
      for (const [sessionId, appId] of this.watched)
        socket.emit('watch', { app_id: appId, session_id: sessionId });
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

  /** Hear this session's turns, messages and typing live; only one at a time from the inbox. */
  watch(appId: string, sessionId: string): void {
    for (const [watchedId, watchedApp] of this.watched)
      if (watchedId !== sessionId)
        this.socket?.emit('unwatch', { app_id: watchedApp, session_id: watchedId });
    this.watched.clear();
    this.watched.set(sessionId, appId);
    this.socket?.emit('watch', { app_id: appId, session_id: sessionId });
  }

  private dispatch<Name extends keyof FeedEvents>(name: Name, payload: FeedEvents[Name]): void {
    for (const listener of this.listeners.get(name) ?? []) (listener as Listener<Name>)(payload);
  }
}

export const inboxFeed = new InboxFeed();
