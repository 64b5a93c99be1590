/** How the embedded store is opened (`LowdbStore.open`). */
export interface LowdbStoreOptions {
  /** The data folder (`PARLEY_DATA_DIR`, `./data` by default). */
  directory: string;
  /** Flush every write to the disk before answering (survives power loss, slower). */
  fsync?: boolean;
  /** Compact once the journal is larger than this and than twice the snapshot. */
  compactAfterBytes?: number;
  /**
   * Warn once the heap is this full (0–1; `PARLEY_STORE_WARN_HEAP_FRACTION`,
   * 0.7 by default): the records live in memory, and past the limit the process dies.
   */
  warnHeapFraction?: number;
  /** Told (once a crossing) when the heap passes `warnHeapFraction`, with the warning in words. */
  onWarning?: (message: string) => void;
  /**
   * Index the snapshot's records only once `indexInBackground()` is called
   * (or a read or write needs an index), instead of as soon as the store is
   * open: the server calls it once it listens, so its own start does not wait
   * for slices of indexing between its steps.
   */
  deferIndexing?: boolean;
}
