import type { Citation } from './protocol.js';

/** A message the user sent whose answer is not finished, as kept in `localStorage`. */
export interface PendingTurn {
  request_id: string;
  message: string;
  /** True once it was sent to the server (it may still have to be resumed). */
  sent: boolean;
  /** The last event applied (-1: none), so a reload or a reconnect resumes after it. */
  seq: number;
  /** The answer as far as it was shown at `seq`. */
  answer?: string;
  citations?: Citation[];
}

/** What is kept of a conversation between page loads. */
export interface StoredThread {
  session_id?: string;
  /** The verified user whose session it is: another user signed in on this browser does not continue it. */
  user_id?: string;
  conversation_id?: string;
  pending?: PendingTurn[];
  /**
   * Where the handoff notice of the last escalation goes, so a reload shows it again: the answer
   * that said it (`answer`), or the message it follows (`after`).
   */
  handoff?: { answer?: string; after?: string };
  /** A person answers the session now: while the chat is closed, the loader signals their replies (`widget/notify.js`). */
  escalated?: boolean;
}

/** Where the thread is kept between page loads (the persistence controller). */
export interface ThreadStore {
  load(): StoredThread;
  save(thread: StoredThread): void;
  clear(): void;
}

/** Tokens are saved together at most this often (each save writes the whole answer so far). */
const tokenSaveDelayMs = 300;

/**
 * Writes the thread record to its store: at once, or grouped (streamed tokens
 * are written together, with the `seq` they reached). An empty record clears
 * the store.
 */
export class ThreadSaver {
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #store: ThreadStore;
  /** The record as it stands now. */
  readonly #record: () => StoredThread;

  constructor(store: ThreadStore, record: () => StoredThread) {
    this.#store = store;
    this.#record = record;
  }

  save(): void {
    this.cancel();
    const thread = this.#record();
    if (Object.keys(thread).length === 0) this.#store.clear();
    else this.#store.save(thread);
  }

  saveSoon(): void {
    this.#timer ??= setTimeout(() => this.save(), tokenSaveDelayMs);
  }

  /** Writes a grouped save not yet written, at once. */
  flush(): void {
    if (this.#timer !== undefined) this.save();
  }

  /** Drops a grouped save not yet written. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Nothing is kept: the store is emptied and a grouped save dropped. */
  clear(): void {
    this.cancel();
    this.#store.clear();
  }
}
