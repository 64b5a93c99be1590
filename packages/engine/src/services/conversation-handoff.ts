import type { InboxAssignment, InboxTyping } from '@parley/contract';
import { publishSessionEvent } from '../bus/event-bus.js';
import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import type { Principal } from '../principal.js';
import { put } from '../store/store.js';
import { escalationNotice, newMessage } from '../turns/messages.js';
import type { ConversationRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { commit } from './commit.js';
import { announceConversationAway } from './conversation-away.js';
import { getConversationFor, getConversationRecord } from './conversations.js';
import type { EscalationReason } from './escalation.js';
import { type HumanMessageInput, writeHumanMessage } from './handoff.js';
import { personOf } from './takeover.js';

/**
 * The handoff of an agent's conversation (the share page), as an app's session has it: the visitor
 * asks for a person, a person takes it over in the inbox, types, answers and hands back. Its live
 * events go on the bus under the conversation's id, as a session's under its id. Agent conversations
 * belong to no app, so no app webhook fires for them.
 */

/** The conversation marked escalated (the caller writes it). */
export function escalatedConversation(
  conversation: ConversationRecord,
  reason: EscalationReason,
  now: number,
): ConversationRecord {
  return {
    ...conversation,
    escalated: true,
    escalated_at: toIso(now),
    escalation_reason: reason,
    handoff_timed_out_at: null,
  };
}

export function announceConversationEscalation(
  context: EngineContext,
  conversationId: string,
  reason: EscalationReason,
): void {
  publishSessionEvent(context.bus, { type: 'escalated', session_id: conversationId, reason });
}

function notEscalated(conversationId: string, what: string): ParleyError {
  return new ParleyError('invalid_request', `The conversation is not escalated: ${what}`, {
    conversation_id: conversationId,
    field: 'conversation_id',
  });
}

/**
 * The visitor asks for a person (the share page's button): the conversation is escalated once, the
 * visitor is told what happens next. `principal` reaches only the conversations it opened.
 */
export async function escalateConversation(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  principal: Principal,
) {
  return context.turns.run(conversationId, async () => {
    const conversation = await getConversationFor(context, principal, agentId, conversationId);
    if (conversation.escalated) {
      return {
        conversation_id: conversationId,
        escalated: true as const,
        escalated_at: conversation.escalated_at ?? null,
        message: escalationNotice,
      };
    }
    const now = context.clock.now();
    const escalated: ConversationRecord = {
      ...escalatedConversation(conversation, 'user_requested', now),
      message_count: conversation.message_count + 1,
      updated_at: toIso(now),
    };
    await commit(context, [
      put('messages', newMessage(conversationId, null, 'assistant', escalationNotice, now)),
      put('conversations', escalated),
    ]);
    announceConversationEscalation(context, conversationId, 'user_requested');
    await announceConversationAway(context, agentId, conversationId);
    return {
      conversation_id: conversationId,
      escalated: true as const,
      escalated_at: escalated.escalated_at ?? null,
      message: escalationNotice,
    };
  });
}

/** A person answers an escalated conversation: stored, and pushed to the share page live. */
export async function postConversationMessage(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  input: HumanMessageInput,
) {
  return context.turns.run(conversationId, async () => {
    const conversation = await getConversationRecord(context, agentId, conversationId);
    if (!conversation.escalated) throw notEscalated(conversationId, 'a person answers only after a handoff');
    const presented = await writeHumanMessage(context, conversationId, null, input, (now) =>
      put('conversations', {
        ...conversation,
        message_count: conversation.message_count + 1,
        updated_at: toIso(now),
      }),
    );
    return { conversation_id: conversationId, ...presented };
  });
}

/** The person is done: the bot answers again from the next message on. */
export async function resolveConversation(context: EngineContext, agentId: string, conversationId: string) {
  return context.turns.run(conversationId, async () => {
    const conversation = await getConversationRecord(context, agentId, conversationId);
    if (conversation.escalated) {
      await commit(context, [
        put('conversations', {
          ...conversation,
          escalated: false,
          assigned_to: null,
          updated_at: toIso(context.clock.now()),
        }),
      ]);
      publishSessionEvent(context.bus, { type: 'resolved', session_id: conversationId });
    }
    return { conversation_id: conversationId, escalated: false as const };
  });
}

/** A person takes the conversation over (the inbox's "Take over"): escalated if it was not, and theirs. */
export async function assignConversation(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  principal: Principal,
  name?: string,
): Promise<Omit<InboxAssignment, 'session_id'> & { conversation_id: string }> {
  return context.turns.run(conversationId, async () => {
    const conversation = await getConversationRecord(context, agentId, conversationId);
    const person = personOf(principal, name);
    const now = context.clock.now();
    const escalated = conversation.escalated
      ? conversation
      : escalatedConversation(conversation, 'operator', now);
    const assigned: ConversationRecord = { ...escalated, assigned_to: person, updated_at: toIso(now) };
    await commit(context, [put('conversations', assigned)]);
    if (!conversation.escalated) announceConversationEscalation(context, conversationId, 'operator');
    publishSessionEvent(context.bus, { type: 'assigned', session_id: conversationId, operator: person });
    return {
      conversation_id: conversationId,
      escalated: true,
      escalated_at: assigned.escalated_at ?? null,
      assigned_to: person,
    };
  });
}

/** A person is writing: the share page shows "<name> is typing…" for a few seconds. Nothing is stored. */
export async function conversationTyping(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  principal: Principal,
  name?: string,
): Promise<Omit<InboxTyping, 'session_id'> & { conversation_id: string }> {
  const conversation = await getConversationRecord(context, agentId, conversationId);
  if (!conversation.escalated) throw notEscalated(conversationId, 'take it over first');
  const person = personOf(principal, name, conversation);
  publishSessionEvent(context.bus, { type: 'typing', session_id: conversationId, author: person.name });
  return { conversation_id: conversationId, author: person.name };
}
