import type {
  InboxChannel,
  InboxMessage,
  InboxSession,
  InboxStatus,
  InboxTranscript,
} from '@parley/contract';
import type { EngineContext } from '../context.js';
import { invalidRequest, ParleyError } from '../errors.js';
import type { Principal } from '../principal.js';
import type { MessageRecord } from '../types.js';
import type { ListResponse } from '../util/pagination.js';
import { type InboxEntry, lastMessageOf } from './inbox-index.js';
import { type InboxPlace, type InboxSource, storedThread, threadsNewestFirst } from './inbox-pages.js';
import { listAll } from './list-all.js';
import { readSessionMetadata } from './session-metadata.js';
import { sessionIsOver } from './sessions.js';

export interface InboxQuery {
  limit: number;
  cursor?: string | null;
  status: InboxStatus;
  app_id?: string;
  channel?: InboxChannel;
  escalated?: 'true' | 'false';
  q?: string;
}

/** Sessions a search reads from the store (metadata and latest messages) per page at most. */
export const inboxSearchReadBudget = 200;
/**
 * Sessions a filtered page looks through at most: past them it answers the matches found so far with
 * `has_more` and a cursor to go on (a filter few sessions match, over many stored).
 */
export const inboxScanBudget = 5_000;

/** Where a session comes from, by who opened it. */
async function channelOf(context: EngineContext, createdBy: string | undefined): Promise<InboxChannel> {
  if (createdBy === undefined) return 'api';
  if (createdBy === 'channel:slack') return 'slack';
  if (createdBy === 'channel:msteams' || createdBy === 'channel:teams') return 'teams';
  if (createdBy.startsWith('shr_')) return 'share';
  const cache = context.inbox.channels;
  const known = cache.get(createdBy);
  if (known) return known;
  const key = createdBy.startsWith('key_') ? await context.store.get('keys', createdBy) : undefined;
  const channel: InboxChannel = key?.kind === 'publishable' ? 'widget' : 'api';
  if (cache.size > 10_000) cache.clear();
  cache.set(createdBy, channel);
  return channel;
}

/** Reads what the inbox shows of a session and does not keep: its memory and latest messages. */
async function detail(context: EngineContext, entry: InboxEntry): Promise<void> {
  if (entry.detailed) return;
  const [metadata, latest] = await Promise.all([
    // An agent's conversation keeps no visitor memory.
    entry.agentId ? {} : readSessionMetadata(context, entry.session),
    context.store.list('messages', { where: { thread_id: entry.session.id }, limit: 5, order: 'desc' }),
  ]);
  context.inbox.setMetadata(entry, metadata);
  const shown = latest.items.filter((message) => message.content !== '');
  entry.lastMessage = shown[0] ? lastMessageOf(shown[0]) : null;
  entry.recentText = shown
    .reverse()
    .map((message) => message.content.toLowerCase())
    .join(' ')
    .slice(-1_000);
  entry.detailed = true;
  context.inbox.keep(entry);
}

/** The inbox's entry of a stored session or agent's conversation; undefined when there is none. */
export async function inboxEntry(context: EngineContext, id: string): Promise<InboxEntry | undefined> {
  const thread = await storedThread(context, id);
  return thread ? context.inbox.entryOf(thread.session, thread.agentId) : undefined;
}

export async function presentInboxSession(context: EngineContext, entry: InboxEntry): Promise<InboxSession> {
  await detail(context, entry);
  const { session } = entry;
  return {
    session_id: session.id,
    app_id: entry.agentId ? null : session.app_id,
    agent_id: entry.agentId,
    conversation_id: entry.agentId ? session.id : null,
    channel: await channelOf(context, session.created_by),
    visitor: { name: entry.visitorName, user_id: session.user_id },
    last_message: entry.lastMessage,
    message_count: session.message_count,
    status: sessionIsOver(session, context.clock.now()) ? 'ended' : 'active',
    escalated: session.escalated,
    escalated_at: session.escalated ? session.escalated_at : null,
    assigned_to: session.assigned_to ?? null,
    contact_email: entry.contactEmail,
    created_at: session.created_at,
    updated_at: session.updated_at,
  };
}

/** Who "mine" means: the signed-in operator, or the secret key itself. */
export function personIdOf(principal: Principal): string {
  return principal.kind === 'secret' && principal.operator ? principal.operator.id : principal.id;
}

function matchesStatus(entry: InboxEntry, query: InboxQuery, me: string, now: number): boolean {
  const { session } = entry;
  const over = sessionIsOver(session, now);
  if (query.status === 'ended') return over;
  if (over) return false;
  if (query.status === 'needs_person') return session.escalated && !session.assigned_to;
  if (query.status === 'mine') return session.escalated && session.assigned_to?.id === me;
  return true;
}

function matchesText(entry: InboxEntry, words: string): boolean {
  return [
    entry.visitorName?.toLowerCase() ?? '',
    entry.session.user_id?.toLowerCase() ?? '',
    entry.metadataText,
    entry.recentText,
  ].some((text) => text.includes(words));
}

/** A page ends at a place in the order; the next goes on with the places after it (older activity). */
function encodeCursor(place: InboxPlace): string {
  return Buffer.from(`${place.updatedAt}|${place.write}|${place.id}`).toString('base64url');
}

function decodeCursor(cursor: string): InboxPlace {
  const [updatedAt, write, id, ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const parsed = Number(write);
  if (
    rest.length > 0 ||
    !updatedAt ||
    !Number.isSafeInteger(parsed) ||
    parsed < 0 ||
    !/^(?:sess|conv)_/.test(id ?? '')
  )
    throw invalidRequest('cursor', 'is not a cursor of this list');
  return { updatedAt, write: parsed, id: id as string };
}

/**
 * The inbox: sessions newest activity first, filtered, a page at a time (keyset cursor). Read from the
 * store's `updated_at` order a batch at a time, so no node holds more than a page's sessions however
 * many are stored. A search reads at most `inboxSearchReadBudget` sessions' details from the store per
 * page, and a filter looks through at most `inboxScanBudget` sessions; either answers a short page with
 * `has_more` when it ran out, so no request walks the whole store.
 */
export async function listInbox(
  context: EngineContext,
  principal: Principal,
  query: InboxQuery,
): Promise<ListResponse<InboxSession>> {
  const now = context.clock.now();
  const me = personIdOf(principal);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const words = query.q?.trim().toLowerCase() ?? '';
  const filtered = words !== '' || query.status !== 'all' || query.channel !== undefined;
  // Ended sessions are stored apart (`status`), those expired but not yet ended among the active ones;
  // an agent's conversation has no app and never ends.
  const sources: InboxSource[] =
    query.status === 'ended'
      ? [
          { collection: 'sessions', status: 'ended' },
          { collection: 'sessions', status: 'active' },
        ]
      : [
          { collection: 'sessions', status: 'active' },
          ...(query.app_id === undefined ? [{ collection: 'conversations' } as const] : []),
        ];
  const found: InboxEntry[] = [];
  let reads = 0;
  let scanned = 0;
  let last: InboxPlace | null = null;
  let more = false;
  const threads = threadsNewestFirst(context, {
    after,
    sources,
    batch: filtered ? 200 : Math.min(query.limit + 1, 101),
  });
  for await (const thread of threads) {
    if (scanned >= inboxScanBudget) {
      more = true;
      break;
    }
    const { session } = thread;
    const entry = context.inbox.entryOf(session, thread.agentId);
    const shown =
      (query.app_id === undefined || session.app_id === query.app_id) &&
      matchesStatus(entry, query, me, now) &&
      (query.escalated === undefined || String(session.escalated) === query.escalated) &&
      (query.channel === undefined || (await channelOf(context, session.created_by)) === query.channel);
    if (shown) {
      if (found.length === query.limit || (words && reads >= inboxSearchReadBudget && !entry.detailed)) {
        more = true;
        break;
      }
      if (words && !entry.detailed) reads++;
      if (words) await detail(context, entry);
      if (!words || matchesText(entry, words)) found.push(entry);
    }
    last = thread;
    scanned++;
  }
  await threads.return(undefined);
  const data = await Promise.all(found.map((entry) => presentInboxSession(context, entry)));
  return { data, has_more: more, next_cursor: more && last ? encodeCursor(last) : null };
}

function presentInboxMessage(message: MessageRecord): InboxMessage {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    timestamp: message.created_at,
    agent: message.agent_name,
    author: message.author,
    status: message.status,
    error: message.error,
    tools_used: message.tools_used,
    citations: message.citations,
    feedback: message.feedback,
  };
}

/** A session of the app with its whole transcript, ended or not (the inbox and conversations pages). */
export async function getInboxTranscript(
  context: EngineContext,
  appId: string,
  sessionId: string,
): Promise<InboxTranscript> {
  const entry = await inboxEntry(context, sessionId);
  if (!entry || entry.agentId || entry.session.app_id !== appId)
    throw new ParleyError('not_found', 'Session not found', { session_id: sessionId });
  return transcriptOf(context, entry);
}

/** An agent's conversation as the inbox shows it (the share page's), with its whole transcript. */
export async function getConversationInboxTranscript(
  context: EngineContext,
  agentId: string,
  conversationId: string,
): Promise<InboxTranscript> {
  const entry = await inboxEntry(context, conversationId);
  if (!entry || entry.agentId !== agentId)
    throw new ParleyError('not_found', 'Conversation not found', { conversation_id: conversationId });
  return transcriptOf(context, entry);
}

async function transcriptOf(context: EngineContext, entry: InboxEntry): Promise<InboxTranscript> {
  const sessionId = entry.session.id;
  const messages = await listAll(context, 'messages', { thread_id: sessionId });
  return {
    session: await presentInboxSession(context, entry),
    messages: messages.filter((message) => message.content !== '').map(presentInboxMessage),
  };
}
