import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { contactPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/** The visitor leaves an email to be answered later (the widget's form when the team is away). */
export const contact: SocketHandler = async (payload, context) => {
  const { app_id: appId, session_id: sessionId, email } = parsePayload(contactPayload, payload);
  requireAppAccess(context.principal, appId);
  const left = await context.engine.sessions.leaveContact(appId, sessionId, email, context.principal);
  return { ok: true, contact_email: left.contact_email };
};
