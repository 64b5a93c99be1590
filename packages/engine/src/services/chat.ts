import type { EngineContext } from '../context.js';
import { permissionDenied } from '../errors.js';
import type { Principal } from '../principal.js';
import { put } from '../store/store.js';
import type { AgentRecord, ConversationRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { getAgentRecord } from './agents.js';
import { getConversationFor } from './conversations.js';
import type { TurnOptions } from './execute.js';
import { type OpenThread, runTurn } from './turn.js';

export interface ChatInput {
  message: string;
  conversation_id?: string | null;
}

/** `isNew`: the conversation's record is written with the first message, so no message is without it. */
function openConversation(conversation: ConversationRecord, isNew = false): OpenThread {
  return {
    ...(isNew ? { opening: [put('conversations', conversation)] } : {}),
    templateContext: { memory: { sessionMeta: { metadata: {} } } },
    touch(now: number, added: number) {
      conversation = {
        ...conversation,
        message_count: conversation.message_count + added,
        updated_at: toIso(now),
      };
      return [put('conversations', conversation)];
    },
  };
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
  const agent: AgentRecord = await getAgentRecord(context, agentId);
  const persist = !(principal.kind === 'share' && !principal.allowConversations);
  if (!persist && input.conversation_id) {
    throw permissionDenied('This share link answers each question on its own and keeps no conversations', {
      conversation_id: input.conversation_id,
    });
  }
  const existingId = input.conversation_id ?? null;
  const conversationId = existingId ?? (persist ? newId('conv') : null);

  const turn = await runTurn(context, {
    threadId: conversationId ?? newId('conv'),
    appId: null,
    persist,
    userText: input.message,
    stream: options.stream ?? false,
    signal: options.signal,
    onEvent: options.onEvent,
    startFields: { conversation_id: conversationId },
    async openThread() {
      if (existingId)
        return openConversation(await getConversationFor(context, principal, agentId, existingId));
      const now = toIso(context.clock.now());
      return openConversation(
        {
          id: conversationId ?? '',
          agent_id: agentId,
          created_by: principal.id,
          message_count: 0,
          created_at: now,
          updated_at: now,
        },
        true,
      );
    },
    chooseAgent: async () => agent,
  });

  const usage = {
    prompt_tokens: turn.usage.input_tokens,
    completion_tokens: turn.usage.output_tokens,
    total_tokens: turn.usage.input_tokens + turn.usage.output_tokens,
  };
  const result = {
    id: turn.answer.id,
    conversation_id: conversationId,
    content: turn.answer.content,
    citations: turn.answer.citations,
    applied_definitions: turn.answer.applied_definitions,
    usage,
    created_at: turn.answer.created_at,
  };
  options.onEvent?.({
    type: 'done',
    id: result.id,
    conversation_id: conversationId,
    // The stored answer, for feedback, as execute's `done` names it; nothing is stored without a conversation.
    message_id: conversationId ? result.id : null,
    citations: result.citations,
    applied_definitions: result.applied_definitions,
    // The same events as execute/stream: its `input_tokens`/`output_tokens`, plus the chat counts.
    usage: { ...turn.usage, ...usage },
    agent: agent.name,
    agent_id: agent.id,
    tools_used: turn.answer.tools_used,
    trace_id: turn.traceId,
    created_at: result.created_at,
  });
  return result;
}
