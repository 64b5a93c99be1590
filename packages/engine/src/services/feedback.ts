import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import type { Principal } from '../principal.js';
import { put } from '../store/store.js';
import type { MessageFeedback } from '../types.js';
import { toIso } from '../util/clock.js';
import { getConversationFor, getConversationRecord } from './conversations.js';
import { mayReachSession } from './sessions.js';

export interface FeedbackInput {
  rating: 'up' | 'down';
  comment?: string | null;
}

/** Stores the rating on an answer of the thread (session or conversation); a second rating replaces the first. */
async function rateAnswer(
  context: EngineContext,
  threadId: string,
  messageId: string,
  input: FeedbackInput,
): Promise<MessageFeedback> {
  const message = await context.store.get('messages', messageId);
  if (!message || message.thread_id !== threadId || message.role !== 'assistant') {
    throw notFound('Answer', 'message_id', messageId);
  }
  const feedback: MessageFeedback = {
    rating: input.rating,
    comment: input.comment ?? null,
    at: toIso(context.clock.now()),
  };
  await context.store.write([put('messages', { ...message, feedback })]);
  return feedback;
}

/** Thumbs up or down, with an optional comment, on an answer of a session; a second rating replaces the first. */
export async function rateMessage(
  context: EngineContext,
  appId: string,
  sessionId: string,
  messageId: string,
  input: FeedbackInput,
  principal?: Principal,
) {
  const session = await context.store.get('sessions', sessionId);
  if (!session || session.app_id !== appId || !mayReachSession(principal, session)) {
    throw notFound('Session', 'session_id', sessionId);
  }
  const feedback = await rateAnswer(context, sessionId, messageId, input);
  return { message_id: messageId, session_id: sessionId, ...feedback };
}

/**
 * The same on an answer of an agent's conversation (the share page's thumbs); given a principal,
 * only on a conversation that credential may reach.
 */
export async function rateConversationMessage(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  messageId: string,
  input: FeedbackInput,
  principal?: Principal,
) {
  if (principal) await getConversationFor(context, principal, agentId, conversationId);
  else await getConversationRecord(context, agentId, conversationId);
  const feedback = await rateAnswer(context, conversationId, messageId, input);
  return { message_id: messageId, conversation_id: conversationId, ...feedback };
}
