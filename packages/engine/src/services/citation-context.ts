import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import type { Principal } from '../principal.js';
import { getConversationFor, getConversationRecord } from './conversations.js';
import { originalLinkOf } from './document-originals.js';
import { listAll } from './list-all.js';
import { mayReachSession } from './sessions.js';

/** What the source viewer shows of a citation: its page's text around the cited excerpt. */
export interface CitationContext {
  id: number;
  document_id: string;
  document_name: string;
  page_number: number;
  section?: string;
  /** The page's text before the excerpt (at most `around` characters, cut at a word). */
  before: string;
  excerpt: string;
  after: string;
  /** The original file, when its datastore is public and the file was kept. */
  original: { url: string; content_type: string } | null;
}

const around = 600;

/** The citation `number` of an answer of the thread, with its page's passages around the excerpt. */
async function contextOf(context: EngineContext, threadId: string, messageId: string, number: number) {
  const message = await context.store.get('messages', messageId);
  if (!message || message.thread_id !== threadId || message.role !== 'assistant')
    throw notFound('Answer', 'message_id', messageId);
  const citation = message.citations.find((cited) => cited.id === number);
  if (!citation) throw notFound('Citation', 'n', String(number));
  const chunks = await listAll(context, 'chunks', { document_id: citation.document_id });
  const page = chunks
    .filter(
      (chunk) =>
        chunk.page_number === citation.page_number &&
        (citation.section === undefined || chunk.section === citation.section),
    )
    .map((chunk) => chunk.text);
  // The passage holding the excerpt; its neighbours on the page give the context.
  const holding = page.findIndex((text) => text.includes(citation.excerpt));
  const text = holding === -1 ? '' : page.slice(Math.max(0, holding - 1), holding + 2).join('\n\n');
  const at = text.indexOf(citation.excerpt);
  const before = at === -1 ? '' : text.slice(0, at);
  const after = at === -1 ? '' : text.slice(at + citation.excerpt.length);
  return {
    id: citation.id,
    document_id: citation.document_id,
    document_name: citation.document_name,
    page_number: citation.page_number,
    ...(citation.section ? { section: citation.section } : {}),
    before:
      before.length > around ? `…${before.slice(before.indexOf(' ', before.length - around) + 1)}` : before,
    excerpt: citation.excerpt,
    after: after.length > around ? `${after.slice(0, after.lastIndexOf(' ', around))}…` : after,
    original: await originalLinkOf(context, citation.document_id),
  } satisfies CitationContext;
}

/** A citation of an answer in a session, for the widget's source viewer: only a session the principal may reach. */
export async function sessionCitation(
  context: EngineContext,
  appId: string,
  sessionId: string,
  messageId: string,
  number: number,
  principal?: Principal,
) {
  const session = await context.store.get('sessions', sessionId);
  if (!session || session.app_id !== appId || !mayReachSession(principal, session))
    throw notFound('Session', 'session_id', sessionId);
  return contextOf(context, sessionId, messageId, number);
}

/** The same in an agent's conversation (the share page): only a conversation the principal may reach. */
export async function conversationCitation(
  context: EngineContext,
  agentId: string,
  conversationId: string,
  messageId: string,
  number: number,
  principal?: Principal,
) {
  if (principal) await getConversationFor(context, principal, agentId, conversationId);
  else await getConversationRecord(context, agentId, conversationId);
  return contextOf(context, conversationId, messageId, number);
}
