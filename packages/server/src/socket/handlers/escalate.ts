import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { conversationPayload, sessionPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/**
 * The user asks for a person (the widget's button): of a session (`app_id`, `session_id`) or, with
 * `agent_id`, of an agent's conversation (the share page, `conversation_id`). The socket then hears
 * the person's answers.
 */
export const escalate: SocketHandler = async (payload, context) => {
  if (isConversationPayload(payload)) {
    const { agent_id: agentId, conversation_id: conversationId } = parsePayload(conversationPayload, payload);
    await context.engine.agents.checkAccess(context.principal, agentId);
    await context.engine.conversations.get(agentId, conversationId, context.principal);
    context.followConversation(conversationId);
    await context.engine.conversations.escalate(agentId, conversationId, context.principal);
    return { ok: true };
  }
  const { app_id: appId, session_id: sessionId } = parsePayload(sessionPayload, payload);
  requireAppAccess(context.principal, appId);
  await context.engine.sessions.check(appId, sessionId, context.principal);
  context.followSession(sessionId);
  await context.engine.sessions.escalate(appId, sessionId, context.principal);
  return { ok: true };
};

/** A payload naming an agent's conversation rather than a session (picked before validating). */
export function isConversationPayload(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && 'agent_id' in payload;
}
