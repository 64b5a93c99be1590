/** What the session sweeps cost: the sessions they read (the due ones only). */
export class SessionExpiries {
  /** Sessions the sweeps have read so far. */
  examined = 0;
}

/** Due sessions read at a time by the sweep (`store.listBelow`, the `(status, expires_at)` range). */
export const sweepPageSize = 500;
