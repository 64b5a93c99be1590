import type { InboxAssignment, InboxTyping } from '@parley/contract';
import { publishSessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { invalidRequest, ParleyError } from '../errors.js';
import type { Principal } from '../principal.js';
import { put } from '../store/store.js';
import type { SessionAssignee, SessionRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { commit } from './commit.js';
import { announceEscalation, escalation } from './escalation.js';
import { personIdOf } from './inbox.js';
import { readSessionMetadata } from './session-metadata.js';
import { getLiveSession } from './sessions.js';

/** The person acting: a console operator by their account, a secret key by the name it gives. */
export function personOf(
  principal: Principal,
  name: string | undefined,
  session?: Pick<SessionRecord, 'assigned_to'>,
): SessionAssignee {
  const operator = principal.kind === 'secret' ? principal.operator : undefined;
  if (operator) return { id: operator.id, name: operator.name };
  const given = name ?? (session?.assigned_to?.id === principal.id ? session.assigned_to.name : undefined);
  if (!given) throw invalidRequest('name', 'is required with a key: the name the visitor sees');
  return { id: personIdOf(principal), name: given };
}

/**
 * A person takes the session over (the inbox's "Take over"): it becomes escalated if it was not
 * (`conversation.escalated` fires with reason `operator`), so the model stays quiet, and it is
 * assigned to them until hand-back (`resolve`). Taking a session someone else holds moves it.
 */
export async function assignSession(
  context: EngineContext,
  appId: string,
  sessionId: string,
  principal: Principal,
  name?: string,
): Promise<InboxAssignment> {
  return context.turns.run(sessionId, async () => {
    const session = await getLiveSession(context, appId, sessionId);
    const person = personOf(principal, name);
    const now = context.clock.now();
    const prepared = session.escalated
      ? { session, operations: [] }
      : await escalation(context, session, 'operator', await readSessionMetadata(context, session));
    const assigned: SessionRecord = { ...prepared.session, assigned_to: person, updated_at: toIso(now) };
    await commit(context, [put('sessions', assigned), ...prepared.operations]);
    if (!session.escalated) announceEscalation(context, sessionId, 'operator');
    publishSessionEvent(context.bus, { type: 'assigned', session_id: sessionId, operator: person });
    return {
      session_id: sessionId,
      escalated: true,
      escalated_at: assigned.escalated_at,
      assigned_to: person,
    };
  });
}

/** A person is writing: the visitor's widget shows "<name> is typing…" for a few seconds. Nothing is stored. */
export async function announceTyping(
  context: EngineContext,
  appId: string,
  sessionId: string,
  principal: Principal,
  name?: string,
): Promise<InboxTyping> {
  const session = await getLiveSession(context, appId, sessionId);
  if (!session.escalated) {
    throw new ParleyError('invalid_request', 'The session is not escalated: take it over first', {
      session_id: sessionId,
      field: 'session_id',
    });
  }
  const person = personOf(principal, name, session);
  publishSessionEvent(context.bus, { type: 'typing', session_id: sessionId, author: person.name });
  return { session_id: sessionId, author: person.name };
}
