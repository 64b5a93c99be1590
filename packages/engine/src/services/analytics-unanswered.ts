import type { UnansweredQuestion, UnansweredQuestions, UnansweredReason } from '@parley/contract';
import type { EngineContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import { escalateToolName } from '../turns/model-turn.js';
import type { MessageRecord } from '../types.js';
import { yieldToEventLoop } from '../util/event-loop-slices.js';
import { getAppRecord } from './apps.js';

/** The newest messages of a window read at most: a report costs the same however much is stored. */
export const unansweredLookLimit = 2_000;
const questionsLimit = 20;
/** Messages read at most, those after the window included. */
const readLimit = 10_000;
const pageSize = 500;

/** Why an answer did not answer, or null when it did. */
export function unansweredReason(message: MessageRecord): UnansweredReason | null {
  if (message.role !== 'assistant') return null;
  if (message.status === 'incomplete') return 'failed';
  if (message.feedback?.rating === 'down') return 'rated_down';
  if (message.tools_used.includes(escalateToolName)) return 'escalated';
  if (message.tools_used.includes('search_knowledge') && message.citations.length === 0) return 'no_source';
  return null;
}

/**
 * The newest answers of the app between `from` and `to` that did not answer, each with the
 * user's message before it, read newest first from the app's messages, at most `unansweredLookLimit`.
 */
export async function unansweredQuestions(
  context: EngineContext,
  appId: string,
  from: number,
  to: number,
): Promise<UnansweredQuestions> {
  const questions: UnansweredQuestion[] = [];
  /** Answers still waiting for their question, by thread (messages come newest first). */
  const waiting = new Map<string, UnansweredQuestion>();
  let lookedAt = 0;
  let read = 0;
  let cursor: string | null = null;
  let complete = false;
  for (;;) {
    const page: { items: MessageRecord[]; nextCursor: string | null } = await context.store.list('messages', {
      where: { app_id: appId },
      limit: pageSize,
      cursor,
      order: 'desc',
    });
    let reachedStart = false;
    for (const message of page.items) {
      read += 1;
      const at = Date.parse(message.created_at);
      if (at >= to) continue;
      if (at < from) {
        reachedStart = true;
        break;
      }
      lookedAt += 1;
      const answer = waiting.get(message.thread_id);
      if (answer && message.role === 'user') {
        answer.question = message.content;
        waiting.delete(message.thread_id);
      }
      const reason = unansweredReason(message);
      if (reason && questions.length < questionsLimit) {
        const entry: UnansweredQuestion = {
          session_id: message.thread_id,
          message_id: message.id,
          question: null,
          answer: message.content,
          reason,
          at: message.created_at,
        };
        questions.push(entry);
        waiting.set(message.thread_id, entry);
      }
      if (lookedAt >= unansweredLookLimit) break;
    }
    if (reachedStart || page.nextCursor === null) {
      complete = true;
      break;
    }
    if (
      read >= readLimit ||
      lookedAt >= unansweredLookLimit ||
      (questions.length >= questionsLimit && waiting.size === 0)
    )
      break;
    cursor = page.nextCursor;
    await yieldToEventLoop();
  }
  return { questions, looked_at: lookedAt, complete };
}

function instant(value: string | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed))
    throw invalidRequest(field, 'must be an ISO 8601 time such as 2024-01-15T14:30:00Z');
  return parsed;
}

/** The app's unanswered questions between `from` (default: 7 days before `to`) and `to` (default: now). */
export async function appUnansweredQuestions(
  context: EngineContext,
  appId: string,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<UnansweredQuestions> {
  await getAppRecord(context, appId);
  const to = instant(query.to, 'to', context.clock.now() + 1_000);
  const from = instant(query.from, 'from', to - 7 * 86_400_000);
  if (from >= to) throw invalidRequest('from', 'must be before to');
  return unansweredQuestions(context, appId, from, to);
}
