import { forEachPage } from '../store/each-page.js';
import type { Store, WriteOperation } from '../store/store.js';
import { DueQueue } from '../util/due-queue.js';

/**
 * The active sessions' expiry times, earliest first, kept as sessions are written
 * (loaded once from the store on the first sweep), so a sweep reads only the
 * sessions that are due, however many are active.
 */
export class SessionExpiries {
  private readonly queue = new DueQueue();
  private loading: Promise<void> | null = null;
  /** Sessions the sweeps have read so far (what a sweep costs). */
  examined = 0;

  watch = (operations: WriteOperation[]): void => {
    for (const operation of operations) {
      if (operation.collection !== 'sessions') continue;
      if (operation.type === 'put') {
        if (operation.record.status === 'active')
          this.queue.set(operation.record.id, Date.parse(operation.record.expires_at));
        else this.queue.delete(operation.record.id);
      } else if (operation.type === 'delete') this.queue.delete(operation.id);
      // deleteWhere: the ids are not known here; a deleted session is dropped when it comes due.
    }
  };

  /**
   * Reads the active sessions once, in pages (a session written meanwhile is also
   * seen by `watch`, which wins: a page never overwrites what a write set).
   */
  load(store: Store): Promise<void> {
    this.loading ??= forEachPage(store, 'sessions', { status: 'active' }, (sessions) => {
      for (const session of sessions) {
        if (this.queue.dueOf(session.id) === undefined)
          this.queue.set(session.id, Date.parse(session.expires_at));
      }
      return undefined;
    }).catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** The ids due at `now`, taken out of the queue (a sweep puts back those that turn out not to be). */
  takeDue(now: number): string[] {
    return this.queue.takeDue(now);
  }

  putBack(sessionId: string, expiresAt: number): void {
    this.queue.set(sessionId, expiresAt);
  }

  get tracked(): number {
    return this.queue.size;
  }
}
