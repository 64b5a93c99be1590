import type { EngineContext } from '../context.js';
import type { TurnEventListener } from '../events.js';
import type { Principal } from '../principal.js';
import { put, type WriteOperation } from '../store/store.js';
import type { AgentRecord, JsonObject, SessionRecord } from '../types.js';
import { getAppRecord } from './apps.js';
import { announceEscalation, type EscalationReason, escalation, webhookMessage } from './escalation.js';
import { chooseAgent } from './routing.js';
import {
  mergeSessionMetadata,
  putSessionMetadata,
  readSessionMetadata,
  withoutInlineMetadata,
} from './session-metadata.js';
import { createSessionRecord, getLiveSession, withMessages } from './sessions.js';
import { type OpenThread, runTurn } from './turn.js';
import { eventOperations } from './webhooks.js';

export interface ExecuteInput {
  message: string;
  session_id?: string | null;
  metadata?: JsonObject;
  user_id?: string | null;
}

export interface TurnOptions {
  stream?: boolean;
  signal?: AbortSignal;
  onEvent?: TurnEventListener;
}

/** What the prompt of an app's agent may read: `{{memory.sessionMeta.metadata.…}}`. */
export function sessionTemplateContext(session: {
  metadata: JsonObject;
  user_id: string | null;
  id: string | null;
}) {
  return {
    memory: { sessionMeta: { metadata: session.metadata, user_id: session.user_id, session_id: session.id } },
  };
}

/**
 * A session as a turn sees it: every change (messages, expiry, escalation) goes into one record,
 * written once, at the end of the turn; its metadata, kept apart, only when the turn changed it.
 */
function openSession(
  context: EngineContext,
  initial: SessionRecord,
  metadata: JsonObject,
  opening: WriteOperation[],
  ttlSeconds: number,
): OpenThread {
  let session = withoutInlineMetadata(initial);
  let escalatedFor: EscalationReason | null = null;
  return {
    templateContext: sessionTemplateContext({ ...session, metadata }),
    opening,
    touch(now: number, added: number, agent: AgentRecord | null) {
      session = withMessages(session, now, ttlSeconds, added, agent?.id ?? null);
      return [put('sessions', session)];
    },
    handoff: {
      escalated: initial.escalated,
      forwardUserMessage: (message) =>
        eventOperations(
          context,
          session.app_id,
          'message.created',
          { session_id: session.id, message: webhookMessage(message) },
          session.id,
        ),
      async escalate(reason) {
        const prepared = await escalation(context, session, reason, metadata);
        session = prepared.session;
        escalatedFor = reason;
        return prepared.operations;
      },
      announce() {
        if (escalatedFor) announceEscalation(context, session.id, escalatedFor);
      },
    },
  };
}

/**
 * A turn of an app's session (seed 000 execute). Without `session_id` a new
 * session is opened, recorded as opened by `principal`. Request metadata is merged
 * into the session's memory. Given a principal, a session it may not reach is not found.
 */
export async function execute(
  context: EngineContext,
  appId: string,
  input: ExecuteInput,
  options: TurnOptions = {},
  principal?: Principal,
) {
  const app = await getAppRecord(context, appId);
  const sessionId =
    input.session_id ??
    (
      await createSessionRecord(
        context,
        appId,
        { user_id: input.user_id ?? null, metadata: input.metadata },
        principal,
      )
    ).id;
  const mergeOnOpen = input.session_id != null;
  let session: SessionRecord | undefined;

  const turn = await runTurn(context, {
    threadId: sessionId,
    appId,
    persist: true,
    userText: input.message,
    stream: options.stream ?? false,
    signal: options.signal,
    onEvent: options.onEvent,
    startFields: { session_id: sessionId },
    async openThread() {
      session = await getLiveSession(context, appId, sessionId, principal);
      let metadata = await readSessionMetadata(context, session);
      // A session stored before metadata had its own record moves it there on its first turn.
      let metadataChanged = session.metadata !== undefined;
      if (mergeOnOpen && input.metadata) {
        // Over the session's limit: refused here, before the turn writes anything.
        const merged = mergeSessionMetadata(metadata, input.metadata);
        metadata = merged.metadata;
        metadataChanged ||= merged.changed;
      }
      if (mergeOnOpen && input.user_id) session = { ...session, user_id: input.user_id };
      const now = context.clock.now();
      const opening = metadataChanged ? [putSessionMetadata(session, metadata, now)] : [];
      return openSession(context, session, metadata, opening, app.session_ttl_seconds);
    },
    chooseAgent: () => chooseAgent(context, app, session as SessionRecord, input.message),
  });

  const result = {
    response: turn.answer.content,
    session_id: sessionId,
    trace_id: turn.traceId,
    agent: turn.agent.name,
    agent_id: turn.agent.id,
    tools_used: turn.answer.tools_used,
    usage: turn.usage,
    ...(turn.escalated ? { escalated: true } : {}),
  };
  options.onEvent?.({
    type: 'done',
    usage: result.usage,
    agent: result.agent,
    agent_id: result.agent_id,
    tools_used: result.tools_used,
    session_id: sessionId,
    trace_id: turn.traceId,
    // A turn a person answers stores no assistant message: there is nothing to rate.
    message_id: turn.escalated && turn.answer.content === '' ? null : turn.answer.id,
    ...(turn.escalated ? { escalated: true } : {}),
  });
  return result;
}
