import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { sessionPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** Follow a session's live events (a person's answers, escalation, resolve), e.g. after a reload. */
export const subscribe: SocketHandler = async (payload, context) => {
  const { app_id: appId, session_id: sessionId } = parsePayload(sessionPayload, payload);
  requireAppAccess(context.principal, appId);
  await context.engine.sessions.check(appId, sessionId, context.principal);
  context.followSession(sessionId);
  return { ok: true };
};
