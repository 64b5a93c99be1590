import type { EngineContext } from '../context.js';
import { permissionDenied } from '../errors.js';
import type { Principal } from '../principal.js';
import { ConversationThread, chatUsage } from '../turns/conversation-thread.js';
import { runTurn } from '../turns/run-turn.js';
import { newId } from '../util/ids.js';
import { getAgentRecord } from './agents.js';
import type { TurnOptions } from './execute.js';

export interface ChatInput {
  message: string;
  conversation_id?: string | null;
}

/**
 * A question to one agent (seed 004 chat). A new conversation is opened unless
 * `conversation_id` names one; a share link made with `allow_conversations: false`
 * answers each question on its own and stores nothing.
 */
export async function chat(
  context: EngineContext,
  agentId: string,
  input: ChatInput,
  principal: Principal,
  options: TurnOptions = {},
) {
  const agent = await getAgentRecord(context, agentId);
  const persist = !(principal.kind === 'share' && !principal.allowConversations);
  if (!persist && input.conversation_id) {
    throw permissionDenied('This share link answers each question on its own and keeps no conversations', {
      conversation_id: input.conversation_id,
    });
  }
  const existingId = input.conversation_id ?? null;
  const conversationId = existingId ?? (persist ? newId('conv') : null);
  const thread = new ConversationThread(context, agent, principal, existingId, conversationId, persist);
  const turn = await runTurn(context, thread, {
    userText: input.message,
    stream: options.stream ?? false,
    signal: options.signal,
    onEvent: options.onEvent,
  });
  return {
    id: turn.answer.id,
    conversation_id: conversationId,
    content: turn.answer.content,
    citations: turn.answer.citations,
    applied_definitions: turn.answer.applied_definitions,
    usage: chatUsage(turn),
    created_at: turn.answer.created_at,
  };
}
