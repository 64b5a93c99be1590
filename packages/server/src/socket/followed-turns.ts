import type { Engine, LiveTurnState, TurnOutcome } from '@parley/engine';
import type { Socket } from 'socket.io';
import type { Logger } from '../logger.js';

interface FollowedTurn {
  detach(): void;
  /** Acknowledgements of sends waiting for the turn to end. */
  waiting: ((outcome: TurnOutcome) => void)[];
}

/**
 * The turns a socket hears, from the engine's live-turn registry. Following a turn again
 * replaces the earlier replay, so no event arrives twice live.
 */
export class FollowedTurns {
  private readonly followed = new Map<string, FollowedTurn>();

  constructor(
    private readonly engine: Engine,
    private readonly socket: Socket,
    private readonly logger: Logger,
    /** Called with the session or kept conversation a turn's `start` names (its live events follow then). */
    private readonly onThread: (id: string, field: 'session_id' | 'conversation_id') => void,
  ) {}

  /** Sends the socket a turn's events from `fromSeq` on, then the live ones; `whenDone` hears how it ended. */
  async follow(
    owner: string,
    requestId: string,
    fromSeq: number,
    whenDone?: (outcome: TurnOutcome) => void,
  ): Promise<LiveTurnState> {
    const entry: FollowedTurn = { detach() {}, waiting: whenDone ? [whenDone] : [] };
    let ended: TurnOutcome | null = null;
    const attachment = await this.engine.liveTurns.attach(owner, requestId, fromSeq, {
      event: ({ seq, event }) => {
        // A listener that threw would stop the turn for everyone following it.
        try {
          if (event.type === 'start' && event.session_id) this.onThread(event.session_id, 'session_id');
          else if (event.type === 'start' && event.conversation_id)
            this.onThread(event.conversation_id, 'conversation_id');
          const { type, ...data } = event;
          this.socket.emit(type, { ...data, request_id: requestId, seq });
        } catch (error) {
          this.logger.error({ err: error }, 'could not send a turn event');
        }
      },
      end: (outcome) => {
        ended = outcome;
        if (this.followed.get(requestId) === entry) this.followed.delete(requestId);
        for (const acknowledge of entry.waiting.splice(0)) acknowledge(outcome);
      },
    });
    // Read after the attach: another follow of this request id may have happened meanwhile.
    const previous = this.followed.get(requestId);
    if (attachment.state === 'unknown') {
      // Not kept back to fromSeq: an earlier follow of this socket, if any, goes on as it was.
      if (previous && whenDone) {
        previous.waiting.push(whenDone);
        return 'live';
      }
      return 'unknown';
    }
    if (previous) {
      previous.detach();
      const earlier = previous.waiting.splice(0);
      const outcome: TurnOutcome | null = ended;
      if (outcome) for (const acknowledge of earlier) acknowledge(outcome);
      else entry.waiting.unshift(...earlier);
    }
    if (attachment.state === 'live' && !ended) {
      entry.detach = attachment.detach;
      this.followed.set(requestId, entry);
    } else {
      this.followed.delete(requestId);
    }
    return attachment.state;
  }

  /** The turns go on (their answers are stored whole); only this socket stops hearing them. */
  stopAll(): void {
    for (const followed of this.followed.values()) followed.detach();
    this.followed.clear();
  }
}
