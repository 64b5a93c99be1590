import {
  type LiveTurnAttachment,
  type LiveTurnListener,
  type LiveTurnRecorder,
  type LiveTurnState,
  LiveTurns,
  type LiveTurnsOptions,
} from '../services/live-turns.js';
import type { Clock } from '../util/clock.js';

/**
 * The live-turn log: the turns under way and those just finished, keyed by who started each (a
 * key or share id) and the request id the client chose. A turn is begun once (a resend of the
 * request id attaches instead: answered once), its events are numbered 0, 1, 2, … as recorded, and
 * a listener attaches from a seq: the kept events from there, then the live ones, nothing lost or
 * doubled. A finished turn is kept for a retention, then forgotten. The embedded default is
 * in-process (`LiveTurns`); a shared one (Redis Streams) lets a reload on another node resume.
 *
 * Every method may throw 503 `unavailable` when a shared backend is unreachable.
 */
export interface LiveTurnLog {
  /** Starts keeping a turn; null when this owner has a turn with this request id already (attach to it). */
  begin(owner: string, requestId: string): Promise<LiveTurnRecorder | null>;
  state(owner: string, requestId: string): Promise<LiveTurnState>;
  /**
   * Replays the kept events with `seq >= fromSeq`, then (for a live turn) follows it until it ends.
   * `unknown` when there is no such turn or its events from `fromSeq` on are no longer all kept.
   */
  attach(
    owner: string,
    requestId: string,
    fromSeq: number,
    listener: LiveTurnListener,
  ): Promise<LiveTurnAttachment>;
}

/** The embedded `LiveTurnLog`: `LiveTurns` in this process's memory. */
export class InProcessLiveTurnLog implements LiveTurnLog {
  readonly turns: LiveTurns;

  constructor(clock: Clock, options: LiveTurnsOptions = {}) {
    this.turns = new LiveTurns(clock, options);
  }

  async begin(owner: string, requestId: string): Promise<LiveTurnRecorder | null> {
    return this.turns.begin(owner, requestId);
  }

  async state(owner: string, requestId: string): Promise<LiveTurnState> {
    return this.turns.state(owner, requestId);
  }

  async attach(
    owner: string,
    requestId: string,
    fromSeq: number,
    listener: LiveTurnListener,
  ): Promise<LiveTurnAttachment> {
    return this.turns.attach(owner, requestId, fromSeq, listener);
  }
}
