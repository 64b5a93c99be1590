import type { Engine, SessionEvent } from '@parley/engine';
import type { Socket } from 'socket.io';

/** What names a followed thread in its events: a session's `session_id`, an agent conversation's `conversation_id`. */
export type ThreadField = 'session_id' | 'conversation_id';

/** Live events as the client hears them: `human_message`, `escalated`, `resolved`, `typing`. */
function emitSessionEvent(socket: Socket, field: ThreadField, event: SessionEvent): void {
  const thread = { [field]: event.session_id };
  if (event.type === 'message') socket.emit('human_message', { ...thread, message: event.message });
  else if (event.type === 'typing') socket.emit('typing', { ...thread, author: event.author });
  else if (event.type === 'escalated') socket.emit('escalated', { ...thread, reason: event.reason });
  else if (event.type === 'resolved') socket.emit('resolved', thread);
  else if (event.type === 'away')
    socket.emit('away', { ...thread, app_id: event.app_id, reason: event.reason });
  // `assigned` is for the console: the visitor is told a person answers by `escalated`.
}

/**
 * The sessions (and agent conversations, whose events the bus carries alike) a socket follows. Each event is forwarded only while the credential still
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

  follow(sessionId: string, field: ThreadField = 'session_id'): void {
    if (this.followed.has(sessionId)) return;
    const forward = (event: SessionEvent) => {
      this.stillAllowed().then(() => emitSessionEvent(this.socket, field, event), this.refuse);
    };
    this.followed.set(sessionId, this.engine.sessions.follow(sessionId, forward));
  }

  stopAll(): void {
    for (const unsubscribe of this.followed.values()) unsubscribe();
    this.followed.clear();
  }
}
