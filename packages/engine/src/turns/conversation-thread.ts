import { promptTemplateContext } from '@parley/contract/template';
import type { EngineContext } from '../context.js';
import type { DoneEvent } from '../events.js';
import type { Principal } from '../principal.js';
import { announceConversationAway, teamAppOf } from '../services/conversation-away.js';
import { announceConversationEscalation, escalatedConversation } from '../services/conversation-handoff.js';
import { getConversationFor } from '../services/conversations.js';
import { type EscalationReason, webhookMessage } from '../services/escalation.js';
import { eventOperations } from '../services/webhooks.js';
import { put, type WriteOperation } from '../store/store.js';
import type { AgentRecord, ConversationRecord, MessageRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import type { Handoff, OpenThread, Thread, TurnResult } from './thread.js';

/** The usage of a chat answer: the turn's counts under the OpenAI-style names. */
export function chatUsage(turn: TurnResult) {
  return {
    prompt_tokens: turn.usage.input_tokens,
    completion_tokens: turn.usage.output_tokens,
    total_tokens: turn.usage.input_tokens + turn.usage.output_tokens,
  };
}

/**
 * A conversation as one turn sees it: its record, counted and written with the turn's last write.
 * A kept conversation hands over to a person as a session does (the inbox); its record carries the
 * escalation, written once with the turn's last write. It has no app: only once the visitor left an email
 * (away, `conversation-away.ts`) do their messages reach the helpdesk of the app holding the agent.
 */
class OpenConversation implements OpenThread, Handoff {
  readonly templateContext = promptTemplateContext({ metadata: {} });
  readonly opening: WriteOperation[];
  readonly escalated: boolean;
  readonly handoff?: Handoff;
  private escalatedFor: EscalationReason | null = null;

  /** `isNew`: the conversation's record is written with the first message, so no message is without it. */
  constructor(
    private readonly context: EngineContext,
    private conversation: ConversationRecord,
    isNew: boolean,
    readonly agent: AgentRecord,
    kept: boolean,
  ) {
    this.opening = isNew ? [put('conversations', conversation)] : [];
    this.escalated = conversation.escalated === true;
    if (kept) this.handoff = this;
  }

  touch(now: number, added: number): WriteOperation[] {
    this.conversation = {
      ...this.conversation,
      message_count: this.conversation.message_count + added,
      updated_at: toIso(now),
    };
    return [put('conversations', this.conversation)];
  }

  /** Once the visitor left an email (away), their messages go to the team app's helpdesk, as a session's do. */
  async forwardUserMessage(message: MessageRecord): Promise<WriteOperation[]> {
    const email = this.conversation.contact_email;
    const app = email ? await teamAppOf(this.context, this.conversation.agent_id) : null;
    if (!email || !app) return [];
    return eventOperations(
      this.context,
      app.id,
      'message.created',
      { session_id: this.conversation.id, message: webhookMessage(message), contact_email: email },
      this.conversation.id,
    );
  }

  async escalate(reason: EscalationReason): Promise<WriteOperation[]> {
    this.conversation = escalatedConversation(this.conversation, reason, this.context.clock.now());
    this.escalatedFor = reason;
    // The record goes with the turn's last write (`touch`), escalated.
    return [];
  }

  announce(): void {
    if (!this.escalatedFor) return;
    announceConversationEscalation(this.context, this.conversation.id, this.escalatedFor);
    // Asked for in words: told when the team is away, as after the button.
    void announceConversationAway(this.context, this.conversation.agent_id, this.conversation.id).catch(
      () => {},
    );
  }
}

/**
 * An agent's conversation as a thread (seed 004 chat): always the same agent;
 * a kept one hands over to a person as a session does. A share link made with `allow_conversations: false` keeps nothing
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
      return new OpenConversation(context, existing, false, agent, this.persist);
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
    return new OpenConversation(context, conversation, true, agent, this.persist);
  }

  done(turn: TurnResult): DoneEvent {
    const answer = turn.answer;
    return {
      type: 'done',
      id: answer.id,
      conversation_id: this.conversationId,
      // The stored answer, for feedback, as execute's `done` names it; nothing is stored without a conversation,
      // nor while a person answers.
      message_id: this.conversationId && !(turn.escalated && answer.content === '') ? answer.id : null,
      citations: answer.citations,
      applied_definitions: answer.applied_definitions,
      // The same events as execute/stream: its `input_tokens`/`output_tokens`, plus the chat counts.
      usage: { ...turn.usage, ...chatUsage(turn) },
      agent: this.agent.name,
      agent_id: this.agent.id,
      tools_used: answer.tools_used,
      trace_id: turn.traceId,
      created_at: answer.created_at,
      ...(turn.escalated ? { escalated: true } : {}),
    };
  }
}
