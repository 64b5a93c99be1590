import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { sessionPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** A session's messages so far (the widget after a reload). */
export const history: SocketHandler = async (payload, context) => {
  const { app_id: appId, session_id: sessionId } = parsePayload(sessionPayload, payload);
  requireAppAccess(context.principal, appId);
  return { ok: true, history: await context.engine.sessions.history(appId, sessionId, context.principal) };
};
