import { publishSessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { put, type Store, type WriteOperation } from '../store/store.js';
import type { ConversationRecord, JsonObject, SessionRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { DueQueue } from '../util/due-queue.js';
import { yieldToEventLoop } from '../util/event-loop-slices.js';
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

/** Escalations read again by each sweep: written meanwhile, a little earlier than the sweep's time. */
const rescanMilliseconds = 10_000;
/** A sweep's first page of escalations (the range has no lower end: it reads on while they are new). */
const firstPage = 20;
const largestPage = 500;

/**
 * The escalated sessions nobody took yet, by when they were escalated. Each sweep reads from the
 * store the escalations since the last one (`listBelow` over `escalated_at`: active sessions, and
 * agents' conversations), on any node, the first sweep every active escalated session and escalated
 * conversation, never a session that was not escalated; writes on this node keep it current between.
 */
export class HandoffDeadlines {
  private readonly queue = new DueQueue();
  /** The time the previous sweep read escalations up to, less `rescanMilliseconds`. */
  private scannedFrom: string | null = null;

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

  /** Reads the escalations made since the last sweep (by any node) into the queue. */
  async catchUp(store: Store, now: number): Promise<void> {
    const until = toIso(now);
    const from = this.scannedFrom;
    await readEscalations(store, 'sessions', until, from, (session) => {
      if (waitingForPerson(session) && this.queue.dueOf(session.id) === undefined)
        this.queue.set(session.id, Date.parse(session.escalated_at));
    });
    await readEscalations(store, 'conversations', until, from, (conversation) => {
      if (conversationWaiting(conversation) && this.queue.dueOf(conversation.id) === undefined)
        this.queue.set(conversation.id, Date.parse(conversation.escalated_at));
    });
    this.scannedFrom = toIso(now - rescanMilliseconds);
  }

  takeDue(now: number): string[] {
    return this.queue.takeDue(now);
  }

  putBack(sessionId: string, due: number): void {
    this.queue.set(sessionId, due);
  }
}

/**
 * The active sessions (or conversations) escalated before `until` and at or after `from` (all when
 * null), newest first, a page at a time (a page of one second's escalations is read whole).
 */
async function readEscalations<C extends 'sessions' | 'conversations'>(
  store: Store,
  collection: C,
  until: string,
  from: string | null,
  each: (record: C extends 'sessions' ? SessionRecord : ConversationRecord) => void,
): Promise<void> {
  const seen = new Set<string>();
  let below = until;
  let orEqual = false;
  let limit = from === null ? largestPage : firstPage;
  for (;;) {
    const query = { field: 'escalated_at', below, orEqual, limit, order: 'desc' } as const;
    const page: (SessionRecord | ConversationRecord)[] =
      collection === 'sessions'
        ? await store.listBelow('sessions', { ...query, where: { status: 'active' } })
        : await store.listBelow('conversations', { ...query, where: {} });
    let fresh = 0;
    for (const record of page) {
      if (seen.has(record.id)) continue;
      seen.add(record.id);
      fresh += 1;
      each(record as C extends 'sessions' ? SessionRecord : ConversationRecord);
    }
    const last = page.at(-1)?.escalated_at;
    if (page.length < limit || !last || (from !== null && last < from)) return;
    // Larger pages while there is more to read (one second's escalations are read whole).
    limit = fresh === 0 ? limit * 2 : Math.min(limit * 2, largestPage);
    below = last;
    orEqual = true;
    await yieldToEventLoop();
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
  await deadlines.catchUp(context.store, context.clock.now());
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
