import type { Engine, SessionEvent } from '@parley/engine';
import type { Socket } from 'socket.io';

/** Live session events as the client hears them: `human_message`, `escalated`, `resolved`, `typing`. */
function emitSessionEvent(socket: Socket, event: SessionEvent): void {
  if (event.type === 'message')
    socket.emit('human_message', { session_id: event.session_id, message: event.message });
  else if (event.type === 'typing')
    socket.emit('typing', { session_id: event.session_id, author: event.author });
  else if (event.type === 'escalated')
    socket.emit('escalated', { session_id: event.session_id, reason: event.reason });
  else if (event.type === 'resolved') socket.emit('resolved', { session_id: event.session_id });
  // `assigned` is for the console: the visitor is told a person answers by `escalated`.
}

/**
 * The sessions a socket follows. Each event is forwarded only while the credential still
 * stands (`stillAllowed`); when it no longer does, `refuse` closes the socket.
 */
export class FollowedSessions {
  private readonly followed = new Map<string, () => void>();

  constructor(
    private readonly engine: Engine,
    private readonly socket: Socket,
    private readonly stillAllowed: () => Promise<unknown>,
    private readonly refuse: () => void,
  ) {}

  follow(sessionId: string): void {
    if (this.followed.has(sessionId)) return;
    const forward = (event: SessionEvent) => {
      this.stillAllowed().then(() => emitSessionEvent(this.socket, event), this.refuse);
    };
    this.followed.set(sessionId, this.engine.sessions.follow(sessionId, forward));
  }

  stopAll(): void {
    for (const unsubscribe of this.followed.values()) unsubscribe();
    this.followed.clear();
  }
}
