import { requireAppAccess } from '@parley/engine';
import { parsePayload } from '../../edge/parse-input.js';
import { contactPayload, conversationContactPayload } from '../payloads.js';
import type { SocketHandler } from './socket-handler.js';

/**
 * The visitor leaves an email to be answered later (the widget's form when the team is away): of a
 * session, or with `conversation_id` of an agent's conversation (the share page; its `app_id` is the
 * team app the `away` event named).
 */
export const contact: SocketHandler = async (payload, context) => {
  if (typeof payload === 'object' && payload !== null && 'conversation_id' in payload) {
    const {
      app_id: appId,
      conversation_id: conversationId,
      email,
    } = parsePayload(conversationContactPayload, payload);
    const left = await context.engine.conversations.leaveContact(
      appId,
      conversationId,
      email,
      context.principal,
    );
    return { ok: true, contact_email: left.contact_email };
  }
  const { app_id: appId, session_id: sessionId, email } = parsePayload(contactPayload, payload);
  requireAppAccess(context.principal, appId);
  const left = await context.engine.sessions.leaveContact(appId, sessionId, email, context.principal);
  return { ok: true, contact_email: left.contact_email };
};
