import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { conversationPayload, sessionPayload } from '../payloads.js';
import { isConversationPayload } from './escalate.js';
import type { SocketHandler } from './socket-handler.js';

/**
 * Follow a session's live events (a person's answers, typing, escalation, resolve), e.g. after a
 * reload; with `agent_id`, an agent conversation's (the share page), whose events carry `conversation_id`.
 */
export const subscribe: SocketHandler = async (payload, context) => {
  if (isConversationPayload(payload)) {
    const { agent_id: agentId, conversation_id: conversationId } = parsePayload(conversationPayload, payload);
    await context.engine.agents.checkAccess(context.principal, agentId);
    await context.engine.conversations.get(agentId, conversationId, context.principal);
    context.followConversation(conversationId);
    // A share page reloaded while its team is away (and no email left yet) is told again.
    const away = await context.engine.conversations.awayReason(agentId, conversationId);
    if (away) context.tell('away', { conversation_id: conversationId, ...away });
    return { ok: true };
  }
  const { app_id: appId, session_id: sessionId } = parsePayload(sessionPayload, payload);
  requireAppAccess(context.principal, appId);
  await context.engine.sessions.check(appId, sessionId, context.principal);
  context.followSession(sessionId);
  // A chat reloaded while no person will answer soon (and no email left yet) is told again.
  const away = await context.engine.sessions.awayReason(appId, sessionId);
  if (away) context.tell('away', { session_id: sessionId, app_id: appId, reason: away });
  return { ok: true };
};
