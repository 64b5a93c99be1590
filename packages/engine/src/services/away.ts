import { publishSessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { forEachPage } from '../store/each-page.js';
import { put, type Store, type WriteOperation } from '../store/store.js';
import type { ConversationRecord, JsonObject, SessionRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { DueQueue } from '../util/due-queue.js';
import { commit } from './commit.js';
import { teamAppOf } from './conversation-away.js';
import { isOpenAt } from './opening-hours.js';
import { readSessionMetadata } from './session-metadata.js';
import { sessionIsOver } from './sessions.js';

/** The session metadata key the visitor's email is kept under (`POST …/contact`, the widget's form). */
export const contactEmailKey = 'contact_email';

/** `{contact_email}` for a webhook's `data` when the visitor left one, else nothing. */
export function contactEmailField(metadata: JsonObject): { contact_email?: string } {
  const email = metadata[contactEmailKey];
  return typeof email === 'string' ? { contact_email: email } : {};
}

/**
 * Why no person will answer the session soon, for a chat that reloads: escalated, taken by nobody, no
 * email left yet, and the team away now (`closed`) or the handoff timed out (`timeout`); else null.
 */
export async function awayReason(
  context: EngineContext,
  appId: string,
  sessionId: string,
): Promise<'closed' | 'timeout' | null> {
  const session = await context.store.get('sessions', sessionId);
  if (!session || session.app_id !== appId || !session.escalated || session.assigned_to) return null;
  if (contactEmailField(await readSessionMetadata(context, session)).contact_email) return null;
  if (session.handoff_timed_out_at) return 'timeout';
  const app = await context.store.get('apps', appId);
  return app && !isOpenAt(app.opening_hours ?? null, context.clock.now()) ? 'closed' : null;
}

/** A share page's conversation escalated, taken by nobody, not yet told no one is free. */
function conversationWaiting(
  conversation: ConversationRecord,
): conversation is ConversationRecord & { escalated_at: string } {
  return (
    conversation.escalated === true &&
    !conversation.assigned_to &&
    !conversation.handoff_timed_out_at &&
    typeof conversation.escalated_at === 'string'
  );
}

/** Escalated, taken by nobody, not yet told no one is free. */
function waitingForPerson(session: SessionRecord): session is SessionRecord & { escalated_at: string } {
  return (
    session.status === 'active' &&
    session.escalated &&
    !session.assigned_to &&
    !session.handoff_timed_out_at &&
    session.escalated_at !== null
  );
}

/**
 * The escalated sessions nobody took yet, by when they were escalated, kept as sessions are written
 * (loaded once from the store on the first sweep), so a sweep reads only those that may be due.
 */
export class HandoffDeadlines {
  private readonly queue = new DueQueue();
  private loading: Promise<void> | null = null;

  watch = (operations: WriteOperation[]): void => {
    for (const operation of operations) {
      if (operation.collection === 'conversations') {
        if (operation.type === 'put' && conversationWaiting(operation.record)) {
          if (this.queue.dueOf(operation.record.id) === undefined)
            this.queue.set(operation.record.id, Date.parse(operation.record.escalated_at));
        } else if (operation.type === 'put') this.queue.delete(operation.record.id);
        else if (operation.type === 'delete') this.queue.delete(operation.id);
        continue;
      }
      if (operation.collection !== 'sessions') continue;
      if (operation.type === 'put') {
        const session = operation.record;
        if (waitingForPerson(session)) {
          if (this.queue.dueOf(session.id) === undefined)
            this.queue.set(session.id, Date.parse(session.escalated_at));
        } else this.queue.delete(session.id);
      } else if (operation.type === 'delete') this.queue.delete(operation.id);
    }
  };

  load(store: Store): Promise<void> {
    this.loading ??= forEachPage(store, 'sessions', { status: 'active' }, (sessions) => {
      for (const session of sessions)
        if (waitingForPerson(session) && this.queue.dueOf(session.id) === undefined)
          this.queue.set(session.id, Date.parse(session.escalated_at));
      return undefined;
    })
      .then(() =>
        forEachPage(store, 'conversations', undefined, (conversations) => {
          for (const conversation of conversations)
            if (conversationWaiting(conversation) && this.queue.dueOf(conversation.id) === undefined)
              this.queue.set(conversation.id, Date.parse(conversation.escalated_at));
          return undefined;
        }),
      )
      .catch((error: unknown) => {
        this.loading = null;
        throw error;
      });
    return this.loading;
  }

  takeDue(now: number): string[] {
    return this.queue.takeDue(now);
  }

  putBack(sessionId: string, due: number): void {
    this.queue.set(sessionId, due);
  }
}

/**
 * Tells the visitor of each escalated session that nobody took within its app's
 * `handoff_timeout_seconds` that no one is free (`away`, `timeout`), once: decided under the session's
 * lock (shared by the nodes when coordination is) on the stored record, which then keeps
 * `handoff_timed_out_at`. A session escalated while the team was away was told so then, not again.
 * The server runs it on a timer. Returns how many visitors it told.
 */
export async function sweepHandoffTimeouts(context: EngineContext): Promise<number> {
  const deadlines = context.handoffDeadlines;
  await deadlines.load(context.store);
  let told = 0;
  const due = deadlines.takeDue(context.clock.now());
  for (const [index, sessionId] of due.entries()) {
    try {
      told += await context.turns.run(sessionId, async () => {
        if (sessionId.startsWith('conv_')) return timeOutConversation(context, sessionId);
        const now = context.clock.now();
        const session = await context.store.get('sessions', sessionId);
        if (!session || !waitingForPerson(session) || sessionIsOver(session, now)) return 0;
        const app = await context.store.get('apps', session.app_id);
        const timeout = app?.handoff_timeout_seconds;
        const escalatedAt = Date.parse(session.escalated_at);
        if (!app || !timeout || !isOpenAt(app.opening_hours ?? null, escalatedAt)) return 0;
        if (escalatedAt + timeout * 1000 > now) {
          deadlines.putBack(sessionId, escalatedAt + timeout * 1000);
          return 0;
        }
        await commit(context, [put('sessions', { ...session, handoff_timed_out_at: toIso(now) })]);
        publishSessionEvent(context.bus, {
          type: 'away',
          session_id: sessionId,
          app_id: app.id,
          reason: 'timeout',
        });
        return 1;
      });
    } catch (error) {
      const now = context.clock.now();
      for (const left of due.slice(index)) deadlines.putBack(left, now);
      throw error;
    }
  }
  return told;
}

/** `sweepHandoffTimeouts` for a share page's conversation: its team app's timeout (see `conversation-away.ts`). */
async function timeOutConversation(context: EngineContext, conversationId: string): Promise<number> {
  const now = context.clock.now();
  const conversation = await context.store.get('conversations', conversationId);
  if (!conversation || !conversationWaiting(conversation)) return 0;
  const app = await teamAppOf(context, conversation.agent_id);
  const timeout = app?.handoff_timeout_seconds;
  const escalatedAt = Date.parse(conversation.escalated_at);
  if (!app || !timeout || !isOpenAt(app.opening_hours ?? null, escalatedAt)) return 0;
  if (escalatedAt + timeout * 1000 > now) {
    context.handoffDeadlines.putBack(conversationId, escalatedAt + timeout * 1000);
    return 0;
  }
  await commit(context, [put('conversations', { ...conversation, handoff_timed_out_at: toIso(now) })]);
  publishSessionEvent(context.bus, {
    type: 'away',
    session_id: conversationId,
    app_id: app.id,
    reason: 'timeout',
  });
  return 1;
}
