import type { EngineContext } from '../context.js';
import type { Principal } from '../principal.js';
import type { JsonObject } from '../types.js';
import { getAppRecord } from './apps.js';
import { type ClaimedIdentity, checkIdentity } from './identity.js';
import { mayReachSession, sessionIsOver } from './sessions.js';

/** How many of a user's newest sessions are looked at for one still open. */
const recentSessionsRead = 20;

/** What a chat window may know of its visitor before the first message. */
export interface Visitor {
  /** The metadata to render the greeting with (none of an anonymous visitor where identity is required). */
  metadata: JsonObject;
  /** A verified user's newest session of the app that has not ended (and `principal` may reach). */
  session_id: string | null;
}

/**
 * Checks the identity a chat window claims (a forged `user_hash` is refused as `execute` refuses it)
 * and finds a verified user's open session, so that their conversation follows them to another device.
 */
export async function visitorOf(
  context: EngineContext,
  appId: string,
  claimed: ClaimedIdentity,
  principal: Principal,
): Promise<Visitor> {
  const app = await getAppRecord(context, appId);
  const identity = checkIdentity(app, claimed, principal);
  const metadata = identity.metadata ?? {};
  if (!identity.user_verified || identity.user_id === null) return { metadata, session_id: null };
  const recent = await context.store.list('sessions', {
    where: { app_id: appId, user_id: identity.user_id },
    order: 'desc',
    limit: recentSessionsRead,
  });
  const now = context.clock.now();
  const open = recent.items.find(
    (session) =>
      session.user_verified === true && !sessionIsOver(session, now) && mayReachSession(principal, session),
  );
  return { metadata, session_id: open?.id ?? null };
}
