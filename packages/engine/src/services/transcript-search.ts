import type { TranscriptMatch, TranscriptSearch } from '@parley/contract';
import type { EngineContext } from '../context.js';
import type { MessageRecord } from '../types.js';
import { yieldToEventLoop } from '../util/event-loop-slices.js';

export interface TranscriptSearchQuery {
  q?: string | undefined;
  limit: number;
}

const pageSize = 500;
/** The newest messages a search reads at most: it costs the same however much is stored. */
export const searchedMessagesLimit = 5_000;

const excerptLength = 200;

function excerptOf(content: string, words: string): string {
  if (content.length <= excerptLength) return content;
  const at = words ? content.toLowerCase().indexOf(words) : 0;
  const start = Math.max(0, Math.min(at - 60, content.length - excerptLength));
  return `${start > 0 ? '…' : ''}${content.slice(start, start + excerptLength)}…`;
}

/** What a message's thread is, with its app or agent and their names; null when it is gone. */
async function matchOf(
  context: EngineContext,
  message: MessageRecord,
  words: string,
  names: Map<string, string | null>,
): Promise<TranscriptMatch | null> {
  const nameOf = async (collection: 'apps' | 'agents', id: string | null) => {
    if (id === null) return null;
    if (!names.has(id)) names.set(id, (await context.store.get(collection, id))?.name ?? null);
    return names.get(id) ?? null;
  };
  const shared = {
    id: message.thread_id,
    last_message_at: message.created_at,
    excerpt: excerptOf(message.content, words),
    excerpt_role: message.role,
  };
  if (message.thread_id.startsWith('sess_')) {
    const session = await context.store.get('sessions', message.thread_id);
    if (!session) return null;
    const agentId = session.last_agent_id;
    return {
      type: 'session',
      ...shared,
      app_id: session.app_id,
      app_name: await nameOf('apps', session.app_id),
      agent_id: agentId,
      agent_name: await nameOf('agents', agentId),
    };
  }
  const conversation = await context.store.get('conversations', message.thread_id);
  if (!conversation) return null;
  return {
    type: 'conversation',
    ...shared,
    app_id: null,
    app_name: null,
    agent_id: conversation.agent_id,
    agent_name: await nameOf('agents', conversation.agent_id),
  };
}

/** A thread named by id (`sess_…`, `conv_…`, or a message's `msg_…`): its newest message. */
async function newestMessageOfId(context: EngineContext, id: string): Promise<MessageRecord | undefined> {
  const threadId = id.startsWith('msg_') ? (await context.store.get('messages', id))?.thread_id : id;
  if (!threadId) return undefined;
  const page = await context.store.list('messages', {
    where: { thread_id: threadId },
    limit: 1,
    order: 'desc',
  });
  return page.items[0];
}

/**
 * Sessions and agent conversations whose messages hold `q` (any case), newest activity first,
 * or the newest without `q`. Reads at most the newest `searchedMessagesLimit` messages, in pages
 * with pauses between them, and says whether it read them all.
 */
export async function searchTranscripts(
  context: EngineContext,
  query: TranscriptSearchQuery,
): Promise<TranscriptSearch> {
  const words = (query.q ?? '').trim().toLowerCase();
  const names = new Map<string, string | null>();
  if (/^(sess|conv|msg)_\S+$/.test(words)) {
    const message = await newestMessageOfId(context, (query.q ?? '').trim());
    const match = message ? await matchOf(context, message, '', names) : null;
    return { data: match ? [match] : [], searched_messages: message ? 1 : 0, complete: true };
  }
  const found = new Map<string, MessageRecord>();
  let searched = 0;
  let cursor: string | null = null;
  let complete = false;
  while (searched < searchedMessagesLimit && found.size < query.limit) {
    const page: { items: MessageRecord[]; nextCursor: string | null } = await context.store.list('messages', {
      limit: Math.min(pageSize, searchedMessagesLimit - searched),
      cursor,
      order: 'desc',
    });
    for (const message of page.items) {
      searched += 1;
      if (found.has(message.thread_id)) continue;
      if (words && !message.content.toLowerCase().includes(words)) continue;
      found.set(message.thread_id, message);
      if (found.size >= query.limit) break;
    }
    if (page.nextCursor === null) {
      complete = found.size < query.limit;
      break;
    }
    cursor = page.nextCursor;
    await yieldToEventLoop();
  }
  const data: TranscriptMatch[] = [];
  for (const message of found.values()) {
    const match = await matchOf(context, message, words, names);
    if (match) data.push(match);
  }
  return { data, searched_messages: searched, complete };
}
