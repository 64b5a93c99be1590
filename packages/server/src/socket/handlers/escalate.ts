import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { sessionPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** The user asks for a person (the widget's button); the socket then hears the person's answers. */
export const escalate: SocketHandler = async (payload, context) => {
  const { app_id: appId, session_id: sessionId } = parsePayload(sessionPayload, payload);
  requireAppAccess(context.principal, appId);
  await context.engine.sessions.check(appId, sessionId, context.principal);
  context.followSession(sessionId);
  await context.engine.sessions.escalate(appId, sessionId, context.principal);
  return { ok: true };
};
