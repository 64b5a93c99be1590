import { publishSessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import type { Principal } from '../principal.js';
import { put } from '../store/store.js';
import type { AppRecord, ConversationRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { commit } from './commit.js';
import { getConversationFor } from './conversations.js';
import { webhookMessage } from './escalation.js';
import { listAll } from './list-all.js';
import { isOpenAt } from './opening-hours.js';
import { eventOperations } from './webhooks.js';

/**
 * Away and follow-up on the share page: an agent's conversation belongs to no app, so it follows the
 * team of the oldest app holding its agent (its opening hours, its webhooks). A visitor who asks for a
 * person while that team is away hears `away` (`closed`), as the widget's visitor does, and may leave an
 * email: kept on the conversation (`contact_email`) and sent to the team app's helpdesk in
 * `conversation.escalated` (its `session_id` the conversation's id, `context.channel` `share`).
 */

/** The oldest app holding the agent: whose team answers the agent's share page. Null when none does. */
export async function teamAppOf(context: EngineContext, agentId: string): Promise<AppRecord | null> {
  const apps = (await listAll(context, 'apps')).filter((app) => app.agents.includes(agentId));
  apps.sort((first, second) => first.created_at.localeCompare(second.created_at));
  return apps[0] ?? null;
}

/** Tells the share page no person will answer soon when its team is away now (after a visitor asked for one). */
export async function announceConversationAway(
  context: EngineContext,
  agentId: string,
  conversationId: string,
): Promise<void> {
  const app = await teamAppOf(context, agentId);
  if (app && !isOpenAt(app.opening_hours ?? null, context.clock.now()))
    publishSessionEvent(context.bus, {
      type: 'away',
      session_id: conversationId,
      app_id: app.id,
      reason: 'closed',
    });
}

/**
 * Why no person will answer the conversation soon, for a share page that reloads: escalated, taken by
 * nobody, no email left yet, and its team app closed now; else null.
 */
export async function conversationAwayOf(
  context: EngineContext,
  agentId: string,
  conversationId: string,
): Promise<{ app_id: string; reason: 'closed' | 'timeout' } | null> {
  const conversation = await context.store.get('conversations', conversationId);
  if (!conversation || conversation.agent_id !== agentId || !conversation.escalated) return null;
  if (conversation.assigned_to || conversation.contact_email) return null;
  const app = await teamAppOf(context, agentId);
  if (!app) return null;
  if (conversation.handoff_timed_out_at) return { app_id: app.id, reason: 'timeout' };
  return isOpenAt(app.opening_hours ?? null, context.clock.now())
    ? null
    : { app_id: app.id, reason: 'closed' };
}

/** The visitor of the share page leaves an email (the away form): on the conversation, and to the team's helpdesk. */
export async function leaveConversationContact(
  context: EngineContext,
  appId: string,
  conversationId: string,
  email: string,
  principal: Principal,
): Promise<{ conversation_id: string; contact_email: string }> {
  return context.turns.run(conversationId, async () => {
    const stored = await context.store.get('conversations', conversationId);
    const app = stored ? await teamAppOf(context, stored.agent_id) : null;
    if (!stored || app?.id !== appId) throw notFound('Conversation', 'conversation_id', conversationId);
    const conversation = await getConversationFor(context, principal, stored.agent_id, conversationId);
    const now = context.clock.now();
    const updated: ConversationRecord = { ...conversation, contact_email: email, updated_at: toIso(now) };
    const operations = [put('conversations', updated)];
    if (conversation.escalated) {
      const recent = await context.store.list('messages', {
        where: { thread_id: conversationId },
        limit: 10,
        order: 'desc',
      });
      operations.push(
        ...(await eventOperations(
          context,
          appId,
          'conversation.escalated',
          {
            session_id: conversationId,
            reason: conversation.escalation_reason ?? 'user_requested',
            context: {
              channel: 'share',
              user_id: null,
              user_verified: false,
              metadata: { contact_email: email, agent_id: conversation.agent_id },
              recent_messages: recent.items.reverse().map(webhookMessage),
            },
            contact_email: email,
          },
          conversationId,
        )),
      );
    }
    await commit(context, operations);
    return { conversation_id: conversationId, contact_email: email };
  });
}
