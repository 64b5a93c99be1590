import { parsePayload } from '../../edge/parse-input.js';
import { conversationPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/**
 * An agent conversation's messages so far (the share page after a reload), and whether a person
 * answers it now (`escalated`).
 */
export const conversation: SocketHandler = async (payload, context) => {
  const { agent_id: agentId, conversation_id: conversationId } = parsePayload(conversationPayload, payload);
  await context.engine.agents.checkAccess(context.principal, agentId);
  const { conversations } = context.engine;
  const [found, escalated] = await Promise.all([
    conversations.get(agentId, conversationId, context.principal),
    conversations.escalated(agentId, conversationId, context.principal),
  ]);
  return { ok: true, conversation: found, escalated };
};
