/**
 * Mutual exclusion per key: per session, conversation and channel link, so two turns on one thread
 * are answered one after the other. The embedded default (`KeyedMutex`) is in-process; with several
 * nodes a shared implementation (Redis: a lease renewed while held) excludes across processes.
 */
export interface Locks {
  /**
   * Runs `task` while holding `key`'s lock and releases it however the task ends. Tasks on
   * different keys run side by side. Throws (the task never runs) when the lock cannot be had:
   * a shared implementation whose backend is unreachable fails fast with 503 `unavailable`.
   */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}
