import { randomUUID } from 'node:crypto';
import { parsePayload } from '../../edge/parse-input.js';
import { chatPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** A message to an agent (the share page): a turn of its conversation, streamed as events. */
export const chat: SocketHandler = async (payload, context) => {
  const { agent_id: agentId, request_id: requestId, ...question } = parsePayload(chatPayload, payload);
  await context.engine.agents.checkAccess(context.principal, agentId);
  return context.sendTurn(requestId ?? randomUUID(), (options) =>
    context.engine.agents.chat(agentId, question, context.principal, options),
  );
};
