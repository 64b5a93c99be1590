import type { LiveTurnListener, SequencedTurnEvent, TurnOutcome } from '@parley/engine';
import type { TurnMessage, TurnState } from './live-turn-keys.js';

/** Reads a turn from Redis: its state, and its kept events after a seq (exclusive) up to one (inclusive, or all). */
export interface TurnReader {
  state(): Promise<TurnState | null>;
  after(lastSeq: number, uptoSeq?: number): Promise<SequencedTurnEvent[]>;
}

/** Said to a listener whose turn vanished (its node died, or its keys expired) before its end was heard. */
const lostOutcome: TurnOutcome = {
  ok: false,
  error: {
    code: 'unavailable',
    message: 'The answer can no longer be followed; read the conversation',
    details: {},
  },
};

/**
 * One listener following one turn: messages published on the turn's channel are buffered until
 * the kept events are replayed, then handled one at a time. A seq that skips ahead (a message
 * missed while the connection was down) is filled from the stream from the last seq delivered
 * (an exclusive cursor), so nothing is lost or doubled.
 */
export class TurnAttachment {
  private lastSeq: number;
  private live = false;
  private closed = false;
  private readonly buffered: TurnMessage[] = [];
  private handling: Promise<void> = Promise.resolve();

  constructor(
    private readonly listener: LiveTurnListener,
    fromSeq: number,
    private readonly reader: TurnReader,
    private readonly onClose: () => void,
    private readonly onError: (error: unknown, what: string) => void,
  ) {
    this.lastSeq = fromSeq - 1;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** A message from the turn's channel. */
  receive(message: TurnMessage): void {
    if (this.closed) return;
    if (this.live) this.enqueue(() => this.handle(message));
    else this.buffered.push(message);
  }

  /** The kept events, replayed at attach. */
  replay(events: SequencedTurnEvent[]): void {
    for (const sequenced of events) this.deliver(sequenced);
  }

  /** Follows live from now: the messages that came during the replay first. */
  goLive(): void {
    this.live = true;
    for (const message of this.buffered.splice(0)) this.enqueue(() => this.handle(message));
  }

  /** Reads what was missed (after a reconnect, or on a periodic check): new events, the end, or a vanished turn. */
  catchUp(): void {
    if (!this.live || this.closed) return;
    this.enqueue(async () => {
      const state = await this.reader.state();
      if (this.closed) return;
      if (!state) return this.end(lostOutcome);
      this.replay(await this.reader.after(this.lastSeq));
      if (state.s === 'finished') this.end(state.o);
    });
  }

  end(outcome: TurnOutcome): void {
    if (this.closed) return;
    this.close();
    this.listener.end(outcome);
  }

  /** Stops following; the listener hears nothing more. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private async handle(message: TurnMessage): Promise<void> {
    if (this.closed) return;
    const upto = message.k === 'e' ? message.seq - 1 : message.last;
    if (upto > this.lastSeq) this.replay(await this.reader.after(this.lastSeq, upto));
    if (message.k === 'e') this.deliver({ seq: message.seq, event: message.e });
    else this.end(message.o);
  }

  private deliver(sequenced: SequencedTurnEvent): void {
    if (this.closed || sequenced.seq <= this.lastSeq) return;
    this.lastSeq = sequenced.seq;
    this.listener.event(sequenced);
  }

  private enqueue(step: () => Promise<void>): void {
    this.handling = this.handling
      .then(step)
      .catch((error: unknown) => this.onError(error, 'follow a live turn'));
  }
}
