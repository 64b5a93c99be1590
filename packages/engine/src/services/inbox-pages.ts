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

/** Where the store's order (`updated_at`, then id, both highest first) goes on. */
interface StorePlace {
  below: string;
  /** The id of the last record read at `below`; absent: the whole of `below`'s second is to come. */
  belowId?: string;
  orEqual: boolean;
}

/** Negative when `left` comes first in the store's order (`updated_at`, then id, highest first). */
function compareStored(left: Omit<InboxPlace, 'write'>, right: Omit<InboxPlace, 'write'>): number {
  return compareNewestFirst({ ...left, write: 0 }, { ...right, write: 0 });
}

/**
 * The stored threads after `after` (from the newest without it), newest activity first, read from
 * the store's `updated_at` order (`listBelow`, highest first, equal times by id) `batch` at a time,
 * the sources merged. Within one second, the threads this node wrote last at that time come first,
 * latest write first (read with the rest of their page, or by id), then the others by id.
 */
export async function* threadsNewestFirst(
  context: EngineContext,
  options: { after: InboxPlace | null; sources: InboxSource[]; batch: number },
): AsyncGenerator<InboxThread> {
  const { after, sources } = options;
  let place: StorePlace = { below: aboveEveryTime, orEqual: false };
  /** The second whose threads written here were given already. */
  let second: string | null = null;
  if (after) {
    second = after.updatedAt;
    if (after.write > 0) {
      yield* writtenFirst(context, sources, after.updatedAt, [], after.write);
      place = { below: after.updatedAt, orEqual: true };
    } else place = { below: after.updatedAt, belowId: after.id, orEqual: false };
  }
  for (;;) {
    const pages = await Promise.all(
      sources.map((source) => readPage(context.store, source, place, options.batch)),
    );
    // Read in full down to the last record of the unfinished page that ends first.
    let boundary: Omit<InboxThread, 'write'> | null = null;
    for (const page of pages) {
      const last = page.at(-1);
      if (page.length < options.batch || !last) continue;
      if (!boundary || compareStored(last, boundary) < 0) boundary = last;
    }
    const read = pages
      .flat()
      .filter((thread) => !boundary || compareStored(thread, boundary) <= 0)
      .sort(compareStored);
    for (const thread of read) {
      if (thread.updatedAt !== second) {
        second = thread.updatedAt;
        yield* writtenFirst(context, sources, second, read, null);
      }
      if (context.inbox.writeOrder(thread.id, thread.updatedAt) === 0) yield { ...thread, write: 0 };
    }
    const last = read.at(-1);
    if (!boundary || !last) return;
    place = { below: last.updatedAt, belowId: last.id, orEqual: false };
  }
}

/**
 * The threads of the sources this node wrote last at `updatedAt`, latest write first (those before
 * `beforeWrite` only, when given): taken from `read` when there, else read by id.
 */
async function* writtenFirst(
  context: EngineContext,
  sources: InboxSource[],
  updatedAt: string,
  read: Omit<InboxThread, 'write'>[],
  beforeWrite: number | null,
): AsyncGenerator<InboxThread> {
  const written = context.inbox
    .writtenAtTime(updatedAt)
    .filter(({ write }) => write > 0 && (beforeWrite === null || write < beforeWrite))
    .sort((left, right) => right.write - left.write);
  for (const { id, write } of written) {
    const thread = read.find((candidate) => candidate.id === id) ?? (await storedThread(context, id));
    if (!thread || thread.session.updated_at !== updatedAt || !fromSources(thread, sources)) continue;
    yield { session: thread.session, agentId: thread.agentId, updatedAt, id, write };
  }
}

function fromSources(thread: { session: SessionRecord; agentId: string | null }, sources: InboxSource[]) {
  return sources.some((source) =>
    source.collection === 'conversations'
      ? thread.agentId !== null
      : thread.agentId === null && thread.session.status === source.status,
  );
}

/** Where the inbox reads threads from: the sessions of one status, or the agents' conversations. */
export type InboxSource =
  | { collection: 'sessions'; status: 'active' | 'ended' }
  | { collection: 'conversations' };

async function readPage(
  store: Store,
  source: InboxSource,
  place: StorePlace,
  limit: number,
): Promise<Omit<InboxThread, 'write'>[]> {
  const query = {
    field: 'updated_at',
    below: place.below,
    orEqual: place.orEqual,
    ...(place.belowId !== undefined ? { belowId: place.belowId } : {}),
    limit,
    order: 'desc',
  } as const;
  if (source.collection === 'sessions')
    return (await store.listBelow('sessions', { ...query, where: { status: source.status } })).map(
      (session) => ({ session, agentId: null, updatedAt: session.updated_at, id: session.id }),
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
