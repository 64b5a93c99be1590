import type { Transcript, TranscriptMessage } from '@parley/contract';
import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import type { MessageRecord, SessionRecord } from '../types.js';
import { listAll } from './list-all.js';
import { readSessionMetadata } from './session-metadata.js';

export function presentTranscriptMessage(message: MessageRecord): TranscriptMessage {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    created_at: message.created_at,
    agent: message.agent_name,
    author: message.author,
    status: message.status,
    error: message.error,
    citations: message.citations,
    tools_used: message.tools_used,
    feedback: message.feedback,
    latency_ms: message.latency_ms,
  };
}

/** The platform that opened a session (`slack`, `msteams`), from its metadata or its opener. */
function channelOf(session: SessionRecord, metadata: Record<string, unknown>): string | null {
  if (typeof metadata.channel === 'string') return metadata.channel;
  if (session.created_by?.startsWith('channel:')) return session.created_by.slice('channel:'.length);
  return null;
}

/** A session of the app, live or ended, whole: support staff read and export it. */
export async function sessionTranscript(
  context: EngineContext,
  appId: string,
  sessionId: string,
): Promise<Transcript> {
  const session = await context.store.get('sessions', sessionId);
  if (!session || session.app_id !== appId) throw notFound('Session', 'session_id', sessionId);
  const [app, metadata, messages] = await Promise.all([
    context.store.get('apps', appId),
    readSessionMetadata(context, session),
    listAll(context, 'messages', { thread_id: sessionId }),
  ]);
  const lastAgent = session.last_agent_id
    ? await context.store.get('agents', session.last_agent_id)
    : undefined;
  return {
    type: 'session',
    id: session.id,
    app_id: appId,
    app_name: app?.name ?? null,
    agent_id: session.last_agent_id,
    agent_name: lastAgent?.name ?? null,
    status: session.status,
    escalated: session.escalated,
    channel: channelOf(session, metadata),
    user_id: session.user_id,
    metadata,
    created_at: session.created_at,
    updated_at: session.updated_at,
    messages: messages.map(presentTranscriptMessage),
  };
}

/** An agent conversation, whole. */
export async function conversationTranscript(
  context: EngineContext,
  agentId: string,
  conversationId: string,
): Promise<Transcript> {
  const conversation = await context.store.get('conversations', conversationId);
  if (!conversation || conversation.agent_id !== agentId)
    throw notFound('Conversation', 'conversation_id', conversationId);
  const [agent, messages] = await Promise.all([
    context.store.get('agents', agentId),
    listAll(context, 'messages', { thread_id: conversationId }),
  ]);
  return {
    type: 'conversation',
    id: conversation.id,
    app_id: null,
    app_name: null,
    agent_id: agentId,
    agent_name: agent?.name ?? null,
    status: 'active',
    escalated: false,
    channel: null,
    user_id: null,
    metadata: {},
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    messages: messages.map(presentTranscriptMessage),
  };
}
