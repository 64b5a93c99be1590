import { publishSessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import type { Principal } from '../principal.js';
import { put, type WriteOperation } from '../store/store.js';
import { escalationNotice, newMessage } from '../turns/messages.js';
import type { AppRecord, JsonObject, MessageRecord, SessionRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { getAppRecord } from './apps.js';
import { contactEmailField } from './away.js';
import { commit } from './commit.js';
import { isOpenAt } from './opening-hours.js';
import { readSessionMetadata } from './session-metadata.js';
import { getLiveSession, withMessages } from './sessions.js';
import { eventOperations } from './webhooks.js';

/** `operator`: a person took the session over from the inbox. */
export type EscalationReason = 'user_requested' | 'model' | 'operator';

/** The message as a helpdesk receives it in webhooks. */
export function webhookMessage(message: MessageRecord): JsonObject {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    timestamp: message.created_at,
    ...(message.author !== null ? { author: message.author } : {}),
  };
}

function channelOf(metadata: JsonObject): string {
  const channel = metadata.channel;
  return typeof channel === 'string' ? channel : 'api';
}

/**
 * Marks a session escalated and prepares `conversation.escalated` with who the
 * user is (`metadata`: the session's), where they came from and the last messages.
 * The caller writes the returned session with the operations, in one batch.
 */
export async function escalation(
  context: EngineContext,
  session: SessionRecord,
  reason: EscalationReason,
  metadata: JsonObject,
): Promise<{ session: SessionRecord; operations: WriteOperation[] }> {
  const now = context.clock.now();
  const recent = await context.store.list('messages', {
    where: { thread_id: session.id },
    limit: 10,
    order: 'desc',
  });
  const escalated: SessionRecord = {
    ...session,
    escalated: true,
    escalated_at: toIso(now),
    escalation_reason: reason,
    handoff_timed_out_at: null,
  };
  const operations = await eventOperations(
    context,
    session.app_id,
    'conversation.escalated',
    {
      session_id: session.id,
      reason,
      context: {
        channel: channelOf(metadata),
        user_id: session.user_id,
        user_verified: session.user_verified === true,
        metadata,
        recent_messages: recent.items.reverse().map(webhookMessage),
      },
      ...contactEmailField(metadata),
    },
    session.id,
  );
  return { session: escalated, operations };
}

/**
 * Tells the session's listeners it was handed over; when the visitor asked (not an operator taking it)
 * while the app's team is away (`opening_hours`), they also hear `away` (`closed`).
 */
export function announceEscalation(
  context: EngineContext,
  sessionId: string,
  reason: EscalationReason,
  app?: AppRecord,
): void {
  publishSessionEvent(context.bus, { type: 'escalated', session_id: sessionId, reason });
  if (app && reason !== 'operator' && !isOpenAt(app.opening_hours ?? null, context.clock.now()))
    publishSessionEvent(context.bus, {
      type: 'away',
      session_id: sessionId,
      app_id: app.id,
      reason: 'closed',
    });
}

/** What the API answers a request for a person. */
export interface EscalationResponse {
  session_id: string;
  escalated: boolean;
  escalated_at: string | null;
  message: string;
}

/**
 * A user asks for a person (the widget's button, Slack's or Teams' action).
 * The webhook fires once however often it is asked; the user is told what happens next.
 */
export async function escalateSession(
  context: EngineContext,
  appId: string,
  sessionId: string,
  principal?: Principal,
): Promise<EscalationResponse> {
  return (await requestEscalation(context, appId, sessionId, principal)).response;
}

/** `escalateSession`, also saying whether the session was escalated already (decided under the turn lock). */
export async function requestEscalation(
  context: EngineContext,
  appId: string,
  sessionId: string,
  principal?: Principal,
): Promise<{ response: EscalationResponse; alreadyEscalated: boolean }> {
  return context.turns.run(sessionId, async () => {
    const session = await getLiveSession(context, appId, sessionId, principal);
    if (session.escalated) {
      return {
        response: {
          session_id: sessionId,
          escalated: true,
          escalated_at: session.escalated_at,
          message: escalationNotice,
        },
        alreadyEscalated: true,
      };
    }
    const { session: escalated, operations } = await escalation(
      context,
      session,
      'user_requested',
      await readSessionMetadata(context, session),
    );
    const now = context.clock.now();
    const app = await getAppRecord(context, appId);
    await commit(context, [
      put('messages', newMessage(sessionId, appId, 'assistant', escalationNotice, now)),
      put('sessions', withMessages(escalated, now, app.session_ttl_seconds, 1)),
      ...operations,
    ]);
    announceEscalation(context, sessionId, 'user_requested', app);
    return {
      response: {
        session_id: sessionId,
        escalated: true,
        escalated_at: escalated.escalated_at,
        message: escalationNotice,
      },
      alreadyEscalated: false,
    };
  });
}
