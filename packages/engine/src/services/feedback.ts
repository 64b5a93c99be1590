import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { put } from '../store/store.js';
import type { MessageFeedback } from '../types.js';
import { toIso } from '../util/clock.js';

export interface FeedbackInput {
  rating: 'up' | 'down';
  comment?: string | null;
}

/** Thumbs up or down, with an optional comment, on an answer of a session; a second rating replaces the first. */
export async function rateMessage(
  context: EngineContext,
  appId: string,
  sessionId: string,
  messageId: string,
  input: FeedbackInput,
) {
  const session = await context.store.get('sessions', sessionId);
  if (!session || session.app_id !== appId) throw notFound('Session', 'session_id', sessionId);
  const message = await context.store.get('messages', messageId);
  if (!message || message.thread_id !== sessionId || message.role !== 'assistant') {
    throw notFound('Answer', 'message_id', messageId);
  }
  const feedback: MessageFeedback = {
    rating: input.rating,
    comment: input.comment ?? null,
    at: toIso(context.clock.now()),
  };
  await context.store.write([put('messages', { ...message, feedback })]);
  return { message_id: messageId, session_id: sessionId, ...feedback };
}
