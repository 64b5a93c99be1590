import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { citationPayloadFor } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** A source of an answer with its page's text (the source viewer): of a session, or of an agent's conversation. */
export const citation: SocketHandler = async (payload, context) => {
  const { engine, principal } = context;
  const input = parsePayload(citationPayloadFor(payload), payload);
  if ('agent_id' in input) {
    await engine.agents.checkAccess(principal, input.agent_id);
    return {
      ok: true,
      citation: await engine.conversations.citation(
        input.agent_id,
        input.conversation_id,
        input.message_id,
        input.n,
        principal,
      ),
    };
  }
  requireAppAccess(principal, input.app_id);
  return {
    ok: true,
    citation: await engine.sessions.citation(
      input.app_id,
      input.session_id,
      input.message_id,
      input.n,
      principal,
    ),
  };
};
