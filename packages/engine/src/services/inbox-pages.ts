import type { EngineContext } from '../context.js';
import type { Store } from '../store/store.js';
import type { SessionRecord } from '../types.js';
import { conversationAsSession } from './inbox-index.js';

/** A place in the inbox's order: newest `updated_at` first, then this node's latest write, then id. */
export interface InboxPlace {
  updatedAt: string;
  /** This node's order of the thread's latest write (0 when it is not among those it keeps). */
  write: number;
  id: string;
}

/** A stored thread as the inbox reads it: a session, or an agent's conversation read as one. */
export interface InboxThread extends InboxPlace {
  session: SessionRecord;
  agentId: string | null;
}

/** Negative when `left` comes first in the inbox (newer), positive when `right` does. */
export function compareNewestFirst(left: InboxPlace, right: InboxPlace): number {
  if (left.updatedAt !== right.updatedAt) return left.updatedAt > right.updatedAt ? -1 : 1;
  if (left.write !== right.write) return right.write - left.write;
  return left.id > right.id ? -1 : left.id < right.id ? 1 : 0;
}

/** Above every stored `updated_at` (ISO 8601 times start with a digit). */
const aboveEveryTime = '~';
/** A group of threads written within one second read at once at most (a bulk import's may be larger). */
const largestGroup = 10_000;

/**
 * The stored threads after `after` (from the newest without it), newest activity first, read from
 * the store's `updated_at` order (`listBelow`, highest first) `batch` at a time. Threads of equal
 * `updated_at` are read together, then put in the order of this node's writes: the latest first.
 */
export async function* threadsNewestFirst(
  context: EngineContext,
  options: { after: InboxPlace | null; sources: InboxSource[]; batch: number },
): AsyncGenerator<InboxThread> {
  const { after } = options;
  let below = after?.updatedAt ?? aboveEveryTime;
  let orEqual = after !== null;
  let limit = options.batch;
  for (;;) {
    const pages = await Promise.all(
      options.sources.map((source) => readPage(context.store, source, below, orEqual, limit)),
    );
    const unfinished = pages.filter((page) => page.length === limit);
    // Below the highest time an unfinished page ended at, a collection may hold more not read yet.
    const cutoff = unfinished.reduce<string | null>((highest, page) => {
      const last = page.at(-1)?.session.updated_at ?? null;
      return highest === null || (last !== null && last > highest) ? last : highest;
    }, null);
    const read = pages.flat();
    let complete = cutoff === null ? read : read.filter((thread) => thread.session.updated_at > cutoff);
    if (complete.length === 0 && cutoff !== null && limit < largestGroup) {
      limit = Math.min(limit * 2, largestGroup);
      continue;
    }
    // A group larger than any read at once goes as read (in the store's order), then on below it.
    const truncated = complete.length === 0 && cutoff !== null;
    if (truncated) complete = read.filter((thread) => thread.session.updated_at >= (cutoff as string));
    const threads = complete.map((thread) => ({ ...thread, write: context.inbox.writeOrder(thread.id) }));
    threads.sort(compareNewestFirst);
    for (const thread of threads) if (!after || compareNewestFirst(thread, after) > 0) yield thread;
    if (cutoff === null) return;
    below = cutoff;
    orEqual = !truncated;
    limit = options.batch;
  }
}

/** Where the inbox reads threads from: the sessions of one status, or the agents' conversations. */
export type InboxSource =
  | { collection: 'sessions'; status: 'active' | 'ended' }
  | { collection: 'conversations' };

async function readPage(
  store: Store,
  source: InboxSource,
  below: string,
  orEqual: boolean,
  limit: number,
): Promise<Omit<InboxThread, 'write'>[]> {
  const query = { field: 'updated_at', below, orEqual, limit, order: 'desc' } as const;
  if (source.collection === 'sessions')
    return (await store.listBelow('sessions', { ...query, where: { status: source.status } })).map(
      (session) => ({
        session,
        agentId: null,
        updatedAt: session.updated_at,
        id: session.id,
      }),
    );
  return (await store.listBelow('conversations', { ...query, where: {} })).map((conversation) => ({
    session: conversationAsSession(conversation),
    agentId: conversation.agent_id,
    updatedAt: conversation.updated_at,
    id: conversation.id,
  }));
}

/** The thread of `id` as it is stored: a session, or an agent's conversation; undefined when neither. */
export async function storedThread(
  context: EngineContext,
  id: string,
): Promise<{ session: SessionRecord; agentId: string | null } | undefined> {
  const session = id.startsWith('conv_') ? undefined : await context.store.get('sessions', id);
  if (session) return { session, agentId: null };
  const conversation = id.startsWith('sess_') ? undefined : await context.store.get('conversations', id);
  return conversation
    ? { session: conversationAsSession(conversation), agentId: conversation.agent_id }
    : undefined;
}
