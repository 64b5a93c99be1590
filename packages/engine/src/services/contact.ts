import type { EngineContext } from '../context.js';
import type { Principal } from '../principal.js';
import { contactEmailKey } from './away.js';
import { commit } from './commit.js';
import { type EscalationReason, escalation } from './escalation.js';
import { checkSessionMetadata, putSessionMetadata, readSessionMetadata } from './session-metadata.js';
import { getLiveSession } from './sessions.js';

/** What `leaveContact` answers. */
export interface ContactResponse {
  session_id: string;
  contact_email: string;
}

/**
 * The visitor leaves an email so the team can follow up (the widget offers it when the team is away
 * or no one took the escalation in time): kept in the session's metadata as `contact_email`; while the
 * session is escalated `conversation.escalated` fires again with it (`data.contact_email`, same
 * `session_id` and reason), and every later `message.created` of the session carries it.
 * The email was validated at the edge (the contract's `contactBody`).
 */
export async function leaveContact(
  context: EngineContext,
  appId: string,
  sessionId: string,
  email: string,
  principal?: Principal,
): Promise<ContactResponse> {
  return context.turns.run(sessionId, async () => {
    const session = await getLiveSession(context, appId, sessionId, principal);
    const metadata = { ...(await readSessionMetadata(context, session)), [contactEmailKey]: email };
    checkSessionMetadata(metadata);
    const operations = [putSessionMetadata(session, metadata, context.clock.now())];
    if (session.escalated) {
      const reason = (session.escalation_reason ?? 'user_requested') as EscalationReason;
      // Only its webhook: the session stays as it is (escalated since then).
      operations.push(...(await escalation(context, session, reason, metadata)).operations);
    }
    await commit(context, operations);
    return { session_id: sessionId, contact_email: email };
  });
}
