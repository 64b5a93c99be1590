import type { EngineContext } from '../context.js';
import type { TurnEventListener } from '../events.js';
import type { Principal } from '../principal.js';
import { runTurn } from '../turns/run-turn.js';
import { SessionThread } from '../turns/session-thread.js';
import type { JsonObject } from '../types.js';
import { getAppRecord } from './apps.js';
import { type ClaimedIdentity, checkIdentity } from './identity.js';
import { createSessionRecord } from './sessions.js';

export interface ExecuteInput {
  message: string;
  session_id?: string | null;
  metadata?: JsonObject;
  user_id?: string | null;
  user_hash?: string;
}

export interface TurnOptions {
  stream?: boolean;
  signal?: AbortSignal;
  onEvent?: TurnEventListener;
}

/**
 * A turn of an app's session (seed 000 execute). Without `session_id` a new
 * session is opened, recorded as opened by `principal`, with the request's
 * metadata; given one, the metadata is merged into the session's memory. Given a
 * principal, a session it may not reach is not found.
 */
export async function execute(
  context: EngineContext,
  appId: string,
  input: ExecuteInput,
  options: TurnOptions = {},
  principal?: Principal,
) {
  const app = await getAppRecord(context, appId);
  const existing = input.session_id != null;
  const sessionId = existing
    ? (input.session_id as string)
    : (await createSessionRecord(context, app, identityOf(input), principal)).id;
  // A session's turn is held to the same identity rules as its opening.
  const changes = existing ? checkIdentity(app, identityOf(input), principal) : null;
  const thread = new SessionThread(context, app, sessionId, changes, principal);
  const turn = await runTurn(context, thread, {
    userText: input.message,
    stream: options.stream ?? false,
    signal: options.signal,
    onEvent: options.onEvent,
  });
  return {
    response: turn.answer.content,
    session_id: sessionId,
    trace_id: turn.traceId,
    agent: turn.agent.name,
    agent_id: turn.agent.id,
    tools_used: turn.answer.tools_used,
    usage: turn.usage,
    ...(turn.escalated ? { escalated: true } : {}),
  };
}

function identityOf(input: ExecuteInput): ClaimedIdentity {
  return {
    user_id: input.user_id ?? null,
    ...(input.user_hash !== undefined ? { user_hash: input.user_hash } : {}),
    ...(input.metadata !== undefined ? { metadata: input.metadata } : {}),
  };
}

/** What an execute answers (seed 000). */
export type ExecuteResult = Awaited<ReturnType<typeof execute>>;
