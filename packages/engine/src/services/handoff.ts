import { publishSessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import { put, type WriteOperation } from '../store/store.js';
import { newMessage } from '../turns/messages.js';
import { toIso } from '../util/clock.js';
import { getAppRecord } from './apps.js';
import { commit } from './commit.js';
import { getLiveSession, withMessages } from './sessions.js';

export interface HumanMessageInput {
  content: string;
  author?: string | null;
  /** Where it was written, when not the console or the API (a support thread: `support:slack`); not stored. */
  origin?: string;
}

/**
 * A person answers an escalated session: the message is stored and pushed to
 * the user's live channel (widget, Slack, Teams).
 */
export async function postHumanMessage(
  context: EngineContext,
  appId: string,
  sessionId: string,
  input: HumanMessageInput,
) {
  return context.turns.run(sessionId, async () => {
    const session = await getLiveSession(context, appId, sessionId);
    if (!session.escalated) {
      throw new ParleyError(
        'invalid_request',
        'The session is not escalated: a person answers only after a handoff',
        {
          session_id: sessionId,
          field: 'session_id',
        },
      );
    }
    const app = await getAppRecord(context, appId);
    const presented = await writeHumanMessage(context, sessionId, appId, input, (now) =>
      put('sessions', withMessages(session, now, app.session_ttl_seconds, 1)),
    );
    return { session_id: sessionId, ...presented };
  });
}

/**
 * A person's message in a session or an agent conversation (`appId` null), called under its turn lock:
 * stored with the write that counts it in its session or conversation, then pushed live to the visitor.
 */
export async function writeHumanMessage(
  context: EngineContext,
  threadId: string,
  appId: string | null,
  input: HumanMessageInput,
  countIn: (now: number) => WriteOperation,
) {
  const now = context.clock.now();
  const message = {
    ...newMessage(threadId, appId, 'human_agent', input.content, now),
    author: input.author ?? null,
  };
  await commit(context, [put('messages', message), countIn(now)]);
  const presented = {
    id: message.id,
    role: message.role,
    content: message.content,
    timestamp: message.created_at,
    author: message.author,
  };
  publishSessionEvent(context.bus, {
    type: 'message',
    session_id: threadId,
    message: presented,
    ...(input.origin ? { origin: input.origin } : {}),
  });
  return presented;
}

/** The person is done: the bot answers again from the next message on. */
export async function resolveSession(context: EngineContext, appId: string, sessionId: string) {
  return context.turns.run(sessionId, async () => {
    const session = await getLiveSession(context, appId, sessionId);
    if (session.escalated) {
      await commit(context, [
        put('sessions', {
          ...session,
          escalated: false,
          assigned_to: null,
          updated_at: toIso(context.clock.now()),
        }),
      ]);
      publishSessionEvent(context.bus, { type: 'resolved', session_id: sessionId });
    }
    return { session_id: sessionId, escalated: false };
  });
}
