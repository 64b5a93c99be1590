import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import { presentHistoryMessage, presentSession } from '../present.js';
import type { Principal } from '../principal.js';
import { newRecord } from '../store/new-records.js';
import { put } from '../store/store.js';
import type { AppRecord, JsonObject, SessionRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { getAppRecord } from './apps.js';
import { commit } from './commit.js';
import { checkIdentity } from './identity.js';
import { listAll } from './list-all.js';
import { checkSessionMetadata, putSessionMetadata } from './session-metadata.js';
import { sweepPageSize } from './session-sweeper.js';
import { eventOperations } from './webhooks.js';

export interface CreateSessionInput {
  user_id?: string | null;
  /** Hex HMAC-SHA256 of `user_id` with the app's identity secret (`checkIdentity`). */
  user_hash?: string;
  metadata?: JsonObject;
}

const sessionNotFound = (sessionId: string) =>
  new ParleyError('not_found', 'Session not found', { session_id: sessionId });

/**
 * The session after `added` messages at `now`: counted, and its expiry slid
 * forward by the app's time to live (the contract: every message keeps a session alive).
 */
export function withMessages(
  session: SessionRecord,
  now: number,
  ttlSeconds: number,
  added: number,
  agentId: string | null = null,
): SessionRecord {
  return {
    ...session,
    message_count: session.message_count + added,
    last_agent_id: agentId ?? session.last_agent_id,
    updated_at: toIso(now),
    expires_at: toIso(now + ttlSeconds * 1000),
  };
}

/** True when the session can take no more turns: ended, or past its expiry. */
export function sessionIsOver(session: SessionRecord, now: number): boolean {
  return session.status === 'ended' || Date.parse(session.expires_at) <= now;
}

/**
 * Whether a credential may reach a session (read, continue, rate, follow, escalate): secret keys
 * and the engine's own callers (no principal: a chat connector) reach all; a publishable key only
 * the sessions it opened, so never a connector's, nor one stored before sessions named their opener.
 */
export function mayReachSession(principal: Principal | undefined, session: SessionRecord): boolean {
  if (principal === undefined || principal.kind === 'secret') return true;
  return session.created_by !== undefined && session.created_by === principal.id;
}

/**
 * A session of this app that is neither ended nor expired, and that `principal` may reach;
 * otherwise 404 with `details.session_id` (a session another credential opened is not revealed).
 */
export async function getLiveSession(
  context: EngineContext,
  appId: string,
  sessionId: string,
  principal?: Principal,
): Promise<SessionRecord> {
  const session = await context.store.get('sessions', sessionId);
  if (
    !session ||
    session.app_id !== appId ||
    sessionIsOver(session, context.clock.now()) ||
    !mayReachSession(principal, session)
  ) {
    throw sessionNotFound(sessionId);
  }
  return session;
}

/** Who opens a session: a credential, or a chat connector (`channel:slack`). */
export type SessionOpener = Principal | string;

function openerId(opener: SessionOpener | undefined): string | undefined {
  return typeof opener === 'string' ? opener : opener?.id;
}

/** Opens a session of `app` (the record, when the caller has read it already, or its id). */
export async function createSessionRecord(
  context: EngineContext,
  appOrId: string | AppRecord,
  input: CreateSessionInput,
  opener?: SessionOpener,
): Promise<SessionRecord> {
  const app = typeof appOrId === 'string' ? await getAppRecord(context, appOrId) : appOrId;
  const now = context.clock.now();
  const createdBy = openerId(opener);
  const identity = checkIdentity(app, input, typeof opener === 'string' ? undefined : opener);
  const metadata = identity.metadata ?? {};
  checkSessionMetadata(metadata);
  const session: SessionRecord = newRecord({
    id: newId('sess'),
    app_id: app.id,
    user_id: identity.user_id,
    ...(identity.user_verified ? { user_verified: true } : {}),
    status: 'active',
    message_count: 0,
    last_agent_id: null,
    created_at: toIso(now),
    updated_at: toIso(now),
    expires_at: toIso(now + app.session_ttl_seconds * 1000),
    ended_at: null,
    end_reason: null,
    escalated: false,
    escalated_at: null,
    escalation_reason: null,
    ...(createdBy !== undefined ? { created_by: createdBy } : {}),
  });
  const started = await eventOperations(
    context,
    app.id,
    'session.started',
    {
      session_id: session.id,
      app_id: app.id,
      user_id: session.user_id,
      user_verified: identity.user_verified,
      metadata,
      created_at: session.created_at,
      expires_at: session.expires_at,
    },
    session.id,
  );
  const stored = Object.keys(metadata).length > 0 ? [putSessionMetadata(session, metadata, now)] : [];
  await commit(context, [put('sessions', session), ...stored, ...started]);
  return session;
}

export async function createSession(
  context: EngineContext,
  appId: string,
  input: CreateSessionInput,
  opener?: SessionOpener,
) {
  return presentSession(await createSessionRecord(context, appId, input, opener));
}

export async function getHistory(
  context: EngineContext,
  appId: string,
  sessionId: string,
  principal?: Principal,
) {
  const session = await getLiveSession(context, appId, sessionId, principal);
  const messages = await listAll(context, 'messages', { thread_id: sessionId });
  return {
    session_id: sessionId,
    messages: messages.map(presentHistoryMessage),
    // Only while a person answers, so a reloaded chat window knows; the seed's shape otherwise.
    ...(session.escalated ? { escalated: true as const } : {}),
  };
}

export type EndReason = 'deleted' | 'expired';

async function endOperations(context: EngineContext, session: SessionRecord, reason: EndReason) {
  const now = toIso(context.clock.now());
  const ended: SessionRecord = {
    ...session,
    status: 'ended',
    ended_at: now,
    end_reason: reason,
    updated_at: now,
  };
  const events = await eventOperations(
    context,
    session.app_id,
    'session.ended',
    {
      session_id: session.id,
      app_id: session.app_id,
      reason,
      ended_at: now,
      message_count: session.message_count,
    },
    session.id,
  );
  return { ended, operations: [put('sessions', ended), ...events] };
}

/** Ends a session at once; later calls with it answer 404. Waits for a turn under way to finish. */
export async function endSession(context: EngineContext, appId: string, sessionId: string) {
  return context.turns.run(sessionId, async () => {
    const session = await getLiveSession(context, appId, sessionId);
    const { ended, operations } = await endOperations(context, session, 'deleted');
    await commit(context, operations);
    return { session_id: sessionId, ended: true, ended_at: ended.ended_at };
  });
}

/**
 * Ends every session past its expiry with `session.ended` (`reason: "expired"`).
 * Runs on a timer, so it does not depend on traffic. Reads only the sessions due: the active
 * sessions whose `expires_at` has passed, a page at a time from the store's ordered range
 * (`listBelow`), so it costs the same however many sessions are stored, and a session written by
 * another node on a shared store is seen as well. Each is ended under its session's lock after
 * reading it again (another node's sweep or a turn may have got there first). Returns how many it ended.
 */
export async function sweepExpiredSessions(context: EngineContext): Promise<number> {
  let ended = 0;
  for (;;) {
    const now = context.clock.now();
    const due = await context.store.listBelow('sessions', {
      where: { status: 'active' },
      field: 'expires_at',
      below: toIso(now + 1),
      limit: sweepPageSize,
    });
    context.sessionExpiries.examined += due.length;
    let endedNow = 0;
    for (const { id } of due) {
      endedNow += await context.turns.run(id, async () => {
        const session = await context.store.get('sessions', id);
        if (session?.status !== 'active' || Date.parse(session.expires_at) > context.clock.now()) return 0;
        await commit(context, (await endOperations(context, session, 'expired')).operations);
        return 1;
      });
    }
    ended += endedNow;
    // A short page is the last; a page of which none could be ended (others did) is not read again.
    if (due.length < sweepPageSize || endedNow === 0) return ended;
  }
}
