import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { feedbackPayloadFor } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** Thumbs on an answer: of a session (the app's widget), or of an agent's conversation (the share page). */
export const feedback: SocketHandler = async (payload, context) => {
  const { engine, principal } = context;
  const input = parsePayload(feedbackPayloadFor(payload), payload);
  if ('agent_id' in input) {
    const { agent_id: agentId, conversation_id: conversationId, message_id: messageId, ...rating } = input;
    // Whoever may continue the conversation may rate its answers.
    await engine.agents.checkAccess(principal, agentId);
    return {
      ok: true,
      feedback: await engine.conversations.rate(agentId, conversationId, messageId, rating, principal),
    };
  }
  const { app_id: appId, session_id: sessionId, message_id: messageId, ...rating } = input;
  requireAppAccess(principal, appId);
  return {
    ok: true,
    feedback: await engine.sessions.rate(appId, sessionId, messageId, rating, principal),
  };
};
