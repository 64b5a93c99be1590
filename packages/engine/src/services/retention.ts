import type { EngineContext } from '../context.js';
import { forEachPage } from '../store/each-page.js';
import { remove, removeWhere, type Store, type WriteOperation } from '../store/store.js';
import { DueQueue } from '../util/due-queue.js';
import { yieldToEventLoop } from '../util/event-loop-slices.js';

export interface RetentionOptions {
  /** Ended sessions are deleted with their messages this many days after they ended; null keeps them. */
  sessionDays?: number | null;
  /** Agent conversations are deleted with their messages this many days after their last message; null keeps them. */
  conversationDays?: number | null;
}

const dayMilliseconds = 86_400_000;
const sessionsPerBatch = 50;

/**
 * Deletes old history when the operator asks for it: ended sessions (with their
 * messages and channel links) and agent conversations (with their messages), once
 * older than the configured days. What is due is kept in memory as records are
 * written (loaded once), so a pass reads only what it deletes, a few records per
 * write and yielding between writes. The analytics buckets keep counting what was
 * deleted.
 */
export class HistoryRetention {
  private readonly endedSessions = new DueQueue();
  private readonly conversations = new DueQueue();
  private readonly sessionMilliseconds: number | null;
  private readonly conversationMilliseconds: number | null;
  private loading: Promise<void> | null = null;
  private running: Promise<{ sessions: number; conversations: number }> | null = null;

  constructor(options: RetentionOptions = {}) {
    this.sessionMilliseconds = options.sessionDays ? options.sessionDays * dayMilliseconds : null;
    this.conversationMilliseconds = options.conversationDays
      ? options.conversationDays * dayMilliseconds
      : null;
  }

  watch = (operations: WriteOperation[]): void => {
    for (const operation of operations) {
      if (operation.collection === 'sessions' && this.sessionMilliseconds !== null) {
        if (operation.type === 'put') {
          const { id, ended_at: endedAt } = operation.record;
          if (endedAt) this.endedSessions.set(id, Date.parse(endedAt) + this.sessionMilliseconds);
          else this.endedSessions.delete(id);
        } else if (operation.type === 'delete') this.endedSessions.delete(operation.id);
      }
      if (operation.collection === 'conversations' && this.conversationMilliseconds !== null) {
        if (operation.type === 'put') {
          const { id, updated_at: updatedAt } = operation.record;
          this.conversations.set(id, Date.parse(updatedAt) + this.conversationMilliseconds);
        } else if (operation.type === 'delete') this.conversations.delete(operation.id);
      }
    }
  };

  /**
   * Reads what to track once, in pages (a record written meanwhile is also seen by
   * `watch`, which wins: a page never overwrites what a write set).
   */
  private load(store: Store): Promise<void> {
    this.loading ??= (async () => {
      const sessionMilliseconds = this.sessionMilliseconds;
      if (sessionMilliseconds !== null) {
        await forEachPage(store, 'sessions', { status: 'ended' }, (sessions) => {
          for (const session of sessions) {
            if (session.ended_at && this.endedSessions.dueOf(session.id) === undefined)
              this.endedSessions.set(session.id, Date.parse(session.ended_at) + sessionMilliseconds);
          }
          return undefined;
        });
      }
      const conversationMilliseconds = this.conversationMilliseconds;
      if (conversationMilliseconds !== null) {
        await forEachPage(store, 'conversations', undefined, (conversations) => {
          for (const conversation of conversations) {
            if (this.conversations.dueOf(conversation.id) === undefined)
              this.conversations.set(
                conversation.id,
                Date.parse(conversation.updated_at) + conversationMilliseconds,
              );
          }
          return undefined;
        });
      }
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** Deletes what is past its retention; one pass at a time. Resolves with how much it deleted. */
  prune(context: EngineContext): Promise<{ sessions: number; conversations: number }> {
    if (this.sessionMilliseconds === null && this.conversationMilliseconds === null)
      return Promise.resolve({ sessions: 0, conversations: 0 });
    this.running ??= this.prunePass(context).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async prunePass(context: EngineContext) {
    // Counted before deleted: a folder from before the analytics buckets is counted first.
    await context.analytics.ready();
    await this.load(context.store);
    return {
      sessions: await this.pruneSessions(context),
      conversations: await this.pruneConversations(context),
    };
  }

  /** Ids taken but not dealt with, back in their queue (unless a write meanwhile set them again). */
  private putBack(queue: DueQueue, ids: readonly string[], due: number): void {
    for (const id of ids) if (queue.dueOf(id) === undefined) queue.set(id, due);
  }

  private async pruneSessions(context: EngineContext): Promise<number> {
    const keep = this.sessionMilliseconds;
    if (keep === null) return 0;
    let deleted = 0;
    for (;;) {
      const due = this.endedSessions.takeDue(context.clock.now(), sessionsPerBatch);
      if (due.length === 0) return deleted;
      const operations: WriteOperation[] = [];
      let batchDeleted = 0;
      try {
        for (const sessionId of due) {
          const session = await context.store.get('sessions', sessionId);
          if (!session?.ended_at) continue;
          const deleteAt = Date.parse(session.ended_at) + keep;
          if (deleteAt > context.clock.now()) {
            this.endedSessions.set(sessionId, deleteAt);
            continue;
          }
          operations.push(
            removeWhere('messages', { thread_id: sessionId }),
            removeWhere('channel_links', { session_id: sessionId }),
            removeWhere('support_threads', { session_id: sessionId }),
            remove('session_metadata', sessionId),
            remove('sessions', sessionId),
          );
          batchDeleted += 1;
        }
        await context.store.write(operations);
      } catch (error) {
        // The store failed (e.g. the disk is full): the batch goes back, due now, for the next pass.
        this.putBack(this.endedSessions, due, context.clock.now());
        throw error;
      }
      deleted += batchDeleted;
      await yieldToEventLoop();
    }
  }

  private async pruneConversations(context: EngineContext): Promise<number> {
    const keep = this.conversationMilliseconds;
    if (keep === null) return 0;
    let deleted = 0;
    for (;;) {
      const due = this.conversations.takeDue(context.clock.now(), sessionsPerBatch);
      if (due.length === 0) return deleted;
      for (const [index, conversationId] of due.entries()) {
        try {
          // Under the conversation's turn lock: a turn under way finishes (and makes it recent) first.
          deleted += await context.turns.run(conversationId, async () => {
            const conversation = await context.store.get('conversations', conversationId);
            if (!conversation) return 0;
            const deleteAt = Date.parse(conversation.updated_at) + keep;
            if (deleteAt > context.clock.now()) {
              this.conversations.set(conversationId, deleteAt);
              return 0;
            }
            await context.store.write([
              removeWhere('messages', { thread_id: conversationId }),
              removeWhere('support_threads', { session_id: conversationId }),
              remove('conversations', conversationId),
            ]);
            return 1;
          });
        } catch (error) {
          // The store failed: this one and those not reached go back, due now, for the next pass.
          this.putBack(this.conversations, due.slice(index), context.clock.now());
          throw error;
        }
      }
      await yieldToEventLoop();
    }
  }
}
