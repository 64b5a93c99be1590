import type { EngineContext } from '../context.js';
import { remove, removeWhere, type WriteOperation } from '../store/store.js';
import { toIso } from '../util/clock.js';
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
 * older than the configured days. A pass reads only what it deletes, from the store's
 * ranges (`listBelow`: ended sessions by `ended_at`, conversations by `updated_at`),
 * so its cost does not grow with the history kept, and it deletes what any node
 * wrote; a few records per write, yielding between writes. The analytics buckets keep
 * counting what was deleted.
 */
export class HistoryRetention {
  private readonly sessionMilliseconds: number | null;
  private readonly conversationMilliseconds: number | null;
  private running: Promise<{ sessions: number; conversations: number }> | null = null;

  constructor(options: RetentionOptions = {}) {
    this.sessionMilliseconds = options.sessionDays ? options.sessionDays * dayMilliseconds : null;
    this.conversationMilliseconds = options.conversationDays
      ? options.conversationDays * dayMilliseconds
      : null;
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
    return {
      sessions: await this.pruneSessions(context),
      conversations: await this.pruneConversations(context),
    };
  }

  private async pruneSessions(context: EngineContext): Promise<number> {
    const keep = this.sessionMilliseconds;
    if (keep === null) return 0;
    let deleted = 0;
    for (;;) {
      const now = context.clock.now();
      const due = await context.store.listBelow('sessions', {
        where: { status: 'ended' },
        field: 'ended_at',
        below: toIso(now - keep),
        limit: sessionsPerBatch,
      });
      const operations: WriteOperation[] = [];
      let batchDeleted = 0;
      for (const session of due) {
        if (!session.ended_at || Date.parse(session.ended_at) + keep > now) continue;
        operations.push(
          removeWhere('messages', { thread_id: session.id }),
          removeWhere('channel_links', { session_id: session.id }),
          removeWhere('support_threads', { session_id: session.id }),
          remove('session_metadata', session.id),
          remove('sessions', session.id),
        );
        batchDeleted += 1;
      }
      // None of the range is due yet (an `ended_at` within the second of the bound): the next pass.
      if (batchDeleted === 0) return deleted;
      await context.store.write(operations);
      deleted += batchDeleted;
      if (due.length < sessionsPerBatch) return deleted;
      await yieldToEventLoop();
    }
  }

  private async pruneConversations(context: EngineContext): Promise<number> {
    const keep = this.conversationMilliseconds;
    if (keep === null) return 0;
    let deleted = 0;
    for (;;) {
      const due = await context.store.listBelow('conversations', {
        where: {},
        field: 'updated_at',
        below: toIso(context.clock.now() - keep),
        limit: sessionsPerBatch,
      });
      let batchDeleted = 0;
      for (const { id: conversationId } of due) {
        // Under the conversation's turn lock: a turn under way finishes (and makes it recent) first.
        batchDeleted += await context.turns.run(conversationId, async () => {
          const conversation = await context.store.get('conversations', conversationId);
          if (!conversation || Date.parse(conversation.updated_at) + keep > context.clock.now()) return 0;
          await context.store.write([
            removeWhere('messages', { thread_id: conversationId }),
            removeWhere('support_threads', { session_id: conversationId }),
            remove('conversations', conversationId),
          ]);
          return 1;
        });
      }
      deleted += batchDeleted;
      if (batchDeleted === 0 || due.length < sessionsPerBatch) return deleted;
      await yieldToEventLoop();
    }
  }
}
