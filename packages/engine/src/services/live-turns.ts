import type { ErrorCode, ErrorDetails } from '../errors.js';
import type { TurnEvent } from '../events.js';
import type { Clock } from '../util/clock.js';

/** A turn event as kept and replayed: numbered 0, 1, 2, … within its turn. */
export interface SequencedTurnEvent {
  seq: number;
  event: TurnEvent;
}

/** How a turn ended: what a send of it is acknowledged with, however often it is sent. */
export type TurnOutcome =
  | { ok: true }
  | { ok: false; error: { code: ErrorCode; message: string; details: ErrorDetails } };

/** `unknown`: never seen, dropped after the retention, or not kept back to the seq asked for. */
export type LiveTurnState = 'live' | 'finished' | 'unknown';

export interface LiveTurnListener {
  event(event: SequencedTurnEvent): void;
  /** Once, after the last event; not called after `detach`. */
  end(outcome: TurnOutcome): void;
}

export interface LiveTurnAttachment {
  state: LiveTurnState;
  /** Stops following a live turn; does nothing otherwise. */
  detach(): void;
}

/** Where a running turn reports to. */
export interface LiveTurnRecorder {
  record(event: TurnEvent): SequencedTurnEvent;
  finish(outcome: TurnOutcome): void;
}

export interface LiveTurnsOptions {
  /** How long a finished turn is kept, in milliseconds. Default 5 minutes. */
  retentionMs?: number;
  /** Events kept per turn; past it the oldest go (so the turn resumes only from later seqs). Default 10,000. */
  maxEventsPerTurn?: number;
  /** Finished turns kept at most; the oldest go first. Default 1,000. */
  maxTurns?: number;
  /** Events kept over all turns; past it the oldest finished turns go. Default 200,000. */
  maxEvents?: number;
}

export const liveTurnDefaults = {
  retentionMs: 5 * 60_000,
  maxEventsPerTurn: 10_000,
  maxTurns: 1_000,
  maxEvents: 200_000,
} satisfies Required<LiveTurnsOptions>;

interface Turn {
  key: string;
  /** Kept events, oldest first; their seqs follow each other. */
  events: SequencedTurnEvent[];
  nextSeq: number;
  listeners: Set<LiveTurnListener>;
  outcome: TurnOutcome | null;
  finishedAt: number | null;
}

const noAttachment: LiveTurnAttachment = { state: 'unknown', detach() {} };

/**
 * The turns under way and those just finished, each keyed by who started it (a
 * key or share id) and the request id the client chose. A turn's events are
 * numbered and kept, so a listener can attach from any seq: it gets the kept
 * events from there, then the live ones, with nothing lost or doubled in
 * between. A turn is kept `retentionMs` after it ends, then forgotten; memory
 * is bounded per turn and over all turns. Transport-free: the Socket.IO
 * channel records its turns here, so a client that reconnects resumes its
 * answer, and a message sent twice is answered once.
 */
export class LiveTurns {
  private readonly turns = new Map<string, Turn>();
  private readonly settings: Required<LiveTurnsOptions>;
  private keptEvents = 0;
  private finishedCount = 0;

  constructor(
    private readonly clock: Clock,
    options: LiveTurnsOptions = {},
  ) {
    this.settings = { ...liveTurnDefaults, ...options };
  }

  /** Turns kept, live and finished. */
  get size(): number {
    this.dropExpired();
    return this.turns.size;
  }

  /** Starts keeping a turn; null when this owner has a turn with this request id already (attach to it). */
  begin(owner: string, requestId: string): LiveTurnRecorder | null {
    this.dropExpired();
    const key = turnKey(owner, requestId);
    if (this.turns.has(key)) return null;
    const turn: Turn = { key, events: [], nextSeq: 0, listeners: new Set(), outcome: null, finishedAt: null };
    this.turns.set(key, turn);
    return {
      record: (event) => this.record(turn, event),
      finish: (outcome) => this.finish(turn, outcome),
    };
  }

  state(owner: string, requestId: string): LiveTurnState {
    const turn = this.find(owner, requestId);
    if (!turn) return 'unknown';
    return turn.outcome ? 'finished' : 'live';
  }

  /**
   * Replays the kept events with `seq >= fromSeq` to the listener, then (for a
   * live turn) follows it until it ends. `unknown` when there is no such turn
   * or its events from `fromSeq` on are no longer all kept; nothing is sent then.
   */
  attach(owner: string, requestId: string, fromSeq: number, listener: LiveTurnListener): LiveTurnAttachment {
    const turn = this.find(owner, requestId);
    if (!turn) return noAttachment;
    const firstKept = turn.events[0]?.seq ?? turn.nextSeq;
    if (fromSeq < firstKept) return noAttachment;
    for (const sequenced of turn.events.slice(fromSeq - firstKept)) listener.event(sequenced);
    if (turn.outcome) {
      listener.end(turn.outcome);
      return { state: 'finished', detach() {} };
    }
    turn.listeners.add(listener);
    return { state: 'live', detach: () => turn.listeners.delete(listener) };
  }

  private find(owner: string, requestId: string): Turn | undefined {
    const turn = this.turns.get(turnKey(owner, requestId));
    if (turn && this.expired(turn)) {
      this.drop(turn);
      return undefined;
    }
    return turn;
  }

  private record(turn: Turn, event: TurnEvent): SequencedTurnEvent {
    const sequenced = { seq: turn.nextSeq++, event };
    if (turn.outcome) return sequenced;
    turn.events.push(sequenced);
    this.keptEvents++;
    if (turn.events.length > this.settings.maxEventsPerTurn) {
      // Drop a quarter at once, so a very long turn costs amortized O(1) per event.
      const dropped = Math.max(1, Math.floor(this.settings.maxEventsPerTurn / 4));
      turn.events.splice(0, dropped);
      this.keptEvents -= dropped;
    }
    for (const listener of [...turn.listeners]) listener.event(sequenced);
    if (this.keptEvents > this.settings.maxEvents) this.dropOldestFinished();
    return sequenced;
  }

  private finish(turn: Turn, outcome: TurnOutcome): void {
    if (turn.outcome) return;
    turn.outcome = outcome;
    turn.finishedAt = this.clock.now();
    const listeners = [...turn.listeners];
    turn.listeners.clear();
    this.finishedCount++;
    for (const listener of listeners) listener.end(outcome);
    this.dropOldestFinished();
  }

  private expired(turn: Turn): boolean {
    return turn.finishedAt !== null && this.clock.now() - turn.finishedAt >= this.settings.retentionMs;
  }

  private drop(turn: Turn): void {
    if (this.turns.get(turn.key) !== turn) return;
    this.turns.delete(turn.key);
    this.keptEvents -= turn.events.length;
    if (turn.outcome) this.finishedCount--;
  }

  private dropExpired(): void {
    for (const turn of this.turns.values()) if (this.expired(turn)) this.drop(turn);
  }

  /** Finished turns go, oldest first, while there are too many or they hold too many events. */
  private dropOldestFinished(): void {
    const { maxTurns, maxEvents } = this.settings;
    for (const turn of this.turns.values()) {
      if (this.finishedCount <= maxTurns && this.keptEvents <= maxEvents) return;
      if (turn.outcome) this.drop(turn);
    }
  }
}

/** Key ids and share ids hold no spaces, so the owner ends at the first one. */
function turnKey(owner: string, requestId: string): string {
  return `${owner} ${requestId}`;
}
