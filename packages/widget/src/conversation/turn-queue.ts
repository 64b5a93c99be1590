import { type ChatMessage, placeholderAnswer, userMessage } from './chat-message.js';
import type { PendingTurn } from './thread-record.js';

/** What a turn shows: the user's message, and the answer once the turn was sent. */
export interface TurnMessages {
  user: ChatMessage;
  answer: ChatMessage | null;
}

/** A request id the server uses to run a message at most once: 128 random bits. */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `req_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The turns not yet answered, oldest first, with the messages each shows.
 * Only the first one is ever in flight (`inFlight`); the session sends them
 * one at a time.
 */
export class TurnQueue {
  inFlight: PendingTurn | null = null;
  #pending: PendingTurn[] = [];
  #shown = new Map<string, TurnMessages>();

  /** The turns, oldest first: what the thread record keeps. */
  get turns(): PendingTurn[] {
    return this.#pending;
  }

  get first(): PendingTurn | undefined {
    return this.#pending[0];
  }

  get isEmpty(): boolean {
    return this.#pending.length === 0;
  }

  /** What the unfinished turns show, in order. */
  get messages(): ChatMessage[] {
    return this.#pending.flatMap((turn) => {
      const shown = this.#shown.get(turn.request_id);
      if (!shown) return [];
      return shown.answer ? [shown.user, shown.answer] : [shown.user];
    });
  }

  /** Queues a new turn for a message, last (or `first`: a message that goes again before the others). */
  addMessage(message: string, place: 'last' | 'first' = 'last'): void {
    this.add({ request_id: newRequestId(), message, sent: false, seq: -1 }, place);
  }

  /** Queues a turn (a new one, or one read back from storage). */
  add(turn: PendingTurn, place: 'last' | 'first' = 'last'): void {
    if (place === 'first') this.#pending.unshift(turn);
    else this.#pending.push(turn);
    const answer = turn.sent ? placeholderAnswer(turn, turn.answer ? 'streaming' : 'waiting') : null;
    this.#shown.set(turn.request_id, { user: userMessage(turn), answer });
  }

  has(turn: PendingTurn): boolean {
    return this.#pending.includes(turn);
  }

  find(requestId: string): PendingTurn | undefined {
    return this.#pending.find((turn) => turn.request_id === requestId);
  }

  messagesOf(turn: PendingTurn): TurnMessages | undefined {
    return this.#shown.get(turn.request_id);
  }

  /** The turn goes out: it is in flight, its message sent, its answer awaited. */
  markSent(turn: PendingTurn): void {
    this.inFlight = turn;
    turn.sent = true;
    const shown = this.#shown.get(turn.request_id);
    if (shown) {
      shown.user.state = 'sent';
      shown.answer ??= placeholderAnswer(turn, 'waiting');
    }
  }

  remove(turn: PendingTurn): void {
    const index = this.#pending.indexOf(turn);
    if (index >= 0) this.#pending.splice(index, 1);
    this.#shown.delete(turn.request_id);
    if (this.inFlight === turn) this.inFlight = null;
  }

  clear(): void {
    this.#pending = [];
    this.#shown.clear();
    this.inFlight = null;
  }
}
