import { promptTemplateContext } from '@parley/contract/template';
import type { EngineContext } from '../context.js';
import type { DoneEvent } from '../events.js';
import type { Principal } from '../principal.js';
import { getConversationFor } from '../services/conversations.js';
import { put, type WriteOperation } from '../store/store.js';
import type { AgentRecord, ConversationRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import type { OpenThread, Thread, TurnResult } from './thread.js';

/** The usage of a chat answer: the turn's counts under the OpenAI-style names. */
export function chatUsage(turn: TurnResult) {
  return {
    prompt_tokens: turn.usage.input_tokens,
    completion_tokens: turn.usage.output_tokens,
    total_tokens: turn.usage.input_tokens + turn.usage.output_tokens,
  };
}

/** A conversation as one turn sees it: its record, counted and written with the turn's last write. */
class OpenConversation implements OpenThread {
  readonly templateContext = promptTemplateContext({ metadata: {} });
  readonly opening: WriteOperation[];

  /** `isNew`: the conversation's record is written with the first message, so no message is without it. */
  constructor(
    private conversation: ConversationRecord,
    isNew: boolean,
    readonly agent: AgentRecord,
  ) {
    this.opening = isNew ? [put('conversations', conversation)] : [];
  }

  touch(now: number, added: number): WriteOperation[] {
    this.conversation = {
      ...this.conversation,
      message_count: this.conversation.message_count + added,
      updated_at: toIso(now),
    };
    return [put('conversations', this.conversation)];
  }
}

/**
 * An agent's conversation as a thread (seed 004 chat): always the same agent,
 * no handoff. A share link made with `allow_conversations: false` keeps nothing
 * (`persist` false, no conversation id).
 */
export class ConversationThread implements Thread {
  readonly appId = null;
  readonly id: string;
  readonly startFields: { conversation_id: string | null };

  /**
   * `existingId`: the conversation to continue (read under the lock); otherwise a new one
   * (`conversationId`), or none when nothing is kept.
   */
  constructor(
    private readonly context: EngineContext,
    private readonly agent: AgentRecord,
    private readonly principal: Principal,
    private readonly existingId: string | null,
    readonly conversationId: string | null,
    readonly persist: boolean,
  ) {
    this.id = conversationId ?? newId('conv');
    this.startFields = { conversation_id: conversationId };
  }

  async open(): Promise<OpenThread> {
    const { context, agent, principal } = this;
    if (this.existingId) {
      const existing = await getConversationFor(context, principal, agent.id, this.existingId);
      return new OpenConversation(existing, false, agent);
    }
    const now = toIso(context.clock.now());
    const conversation: ConversationRecord = {
      id: this.conversationId ?? '',
      agent_id: agent.id,
      created_by: principal.id,
      message_count: 0,
      created_at: now,
      updated_at: now,
    };
    return new OpenConversation(conversation, true, agent);
  }

  done(turn: TurnResult): DoneEvent {
    const answer = turn.answer;
    return {
      type: 'done',
      id: answer.id,
      conversation_id: this.conversationId,
      // The stored answer, for feedback, as execute's `done` names it; nothing is stored without a conversation.
      message_id: this.conversationId ? answer.id : null,
      citations: answer.citations,
      applied_definitions: answer.applied_definitions,
      // The same events as execute/stream: its `input_tokens`/`output_tokens`, plus the chat counts.
      usage: { ...turn.usage, ...chatUsage(turn) },
      agent: this.agent.name,
      agent_id: this.agent.id,
      tools_used: answer.tools_used,
      trace_id: turn.traceId,
      created_at: answer.created_at,
    };
  }
}
