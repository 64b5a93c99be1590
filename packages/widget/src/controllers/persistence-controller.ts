import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StoredThread, ThreadStore } from '../conversation/thread-record.js';

/**
 * Keeps one conversation per app (or agent) in `localStorage` under
 * `parley:<id>`: the session or conversation id and the turns not yet
 * answered. Falls back to memory where storage is refused (private modes,
 * sandboxed frames). Another tab clearing it (a logout) is passed on.
 */
export class PersistenceController implements ReactiveController, ThreadStore {
  #memory: StoredThread = {};

  readonly #storageKey: () => string | null;
  readonly #onClearedElsewhere: () => void;

  constructor(host: ReactiveControllerHost, storageKey: () => string | null, onClearedElsewhere: () => void) {
    this.#storageKey = storageKey;
    this.#onClearedElsewhere = onClearedElsewhere;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('storage', this.#onStorage);
  }

  hostDisconnected(): void {
    window.removeEventListener('storage', this.#onStorage);
  }

  load(): StoredThread {
    const key = this.#storageKey();
    if (!key) return this.#memory;
    try {
      const text = localStorage.getItem(key);
      const value: unknown = text ? JSON.parse(text) : {};
      return typeof value === 'object' && value !== null ? (value as StoredThread) : {};
    } catch {
      return this.#memory;
    }
  }

  save(thread: StoredThread): void {
    this.#memory = thread;
    const key = this.#storageKey();
    if (!key) return;
    try {
      localStorage.setItem(key, JSON.stringify(thread));
    } catch {
      // Storage full or refused: the thread lives in memory for this page.
    }
  }

  clear(): void {
    this.#memory = {};
    const key = this.#storageKey();
    if (!key) return;
    try {
      localStorage.removeItem(key);
    } catch {
      // Nothing stored.
    }
  }

  readonly #onStorage = (event: StorageEvent) => {
    if (event.key !== null && event.key === this.#storageKey() && event.newValue === null)
      this.#onClearedElsewhere();
  };
}
