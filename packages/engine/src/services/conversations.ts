import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { presentConversation, presentConversationSummary } from '../present.js';
import type { Principal } from '../principal.js';
import { remove, removeWhere } from '../store/store.js';
import type { ConversationRecord } from '../types.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { getAgentRecord } from './agents.js';
import { listAll } from './list-all.js';

export async function getConversationRecord(
  context: EngineContext,
  agentId: string,
  conversationId: string,
): Promise<ConversationRecord> {
  const conversation = await context.store.get('conversations', conversationId);
  if (!conversation || conversation.agent_id !== agentId) {
    throw notFound('Conversation', 'conversation_id', conversationId);
  }
  return conversation;
}

/**
 * A conversation as a credential may reach it: secret keys reach all of the agent's; a
 * publishable key or share link only those it opened (a link that keeps none, none).
 */
export async function getConversationFor(
  context: EngineContext,
  principal: Principal,
  agentId: string,
  conversationId: string,
): Promise<ConversationRecord> {
  const conversation = await getConversationRecord(context, agentId, conversationId);
  if (principal.kind === 'secret') return conversation;
  const keepsNone = principal.kind === 'share' && !principal.allowConversations;
  const openedByAnother = conversation.created_by !== undefined && conversation.created_by !== principal.id;
  if (keepsNone || openedByAnother) throw notFound('Conversation', 'conversation_id', conversationId);
  return conversation;
}

export async function listConversations(context: EngineContext, agentId: string, parameters: ListParameters) {
  await getAgentRecord(context, agentId);
  const page = await context.store.list('conversations', {
    ...parameters,
    where: { agent_id: agentId },
    order: 'desc',
  });
  return toListResponse(page, presentConversationSummary);
}

/** A conversation with its messages; given a principal, only as that credential may reach it. */
export async function getConversation(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  principal?: Principal,
) {
  const conversation = principal
    ? await getConversationFor(context, principal, agentId, conversationId)
    : await getConversationRecord(context, agentId, conversationId);
  return presentConversation(conversation, await listAll(context, 'messages', { thread_id: conversationId }));
}

export async function deleteConversation(context: EngineContext, agentId: string, conversationId: string) {
  await getConversationRecord(context, agentId, conversationId);
  await context.turns.run(conversationId, () =>
    context.store.write([
      removeWhere('messages', { thread_id: conversationId }),
      remove('conversations', conversationId),
    ]),
  );
  return { id: conversationId, deleted: true };
}
