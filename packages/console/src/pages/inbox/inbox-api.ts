import type { HumanMessage, InboxAssignment, InboxSession, InboxTranscript, List } from '@parley/contract';
import { api } from '../../api.js';

export type InboxFilter = 'needs_person' | 'mine' | 'all' | 'ended';

/** The inbox's calls to the public API (the same a script would make). */
export function listSessions(filter: InboxFilter, words: string, cursor: string | null) {
  const query = new URLSearchParams({ status: filter, limit: '30' });
  if (words.trim()) query.set('q', words.trim());
  if (cursor) query.set('cursor', cursor);
  return api<List<InboxSession>>('GET', `/v1/inbox/sessions?${query}`);
}

type Thread = Pick<InboxSession, 'app_id' | 'session_id' | 'agent_id' | 'conversation_id'>;

/** An app's session, or an agent's conversation (the share page): the same calls under its own path. */
const sessionPath = (thread: Thread) =>
  thread.agent_id && thread.conversation_id
    ? `/v1/agents/${encodeURIComponent(thread.agent_id)}/conversations/${encodeURIComponent(thread.conversation_id)}`
    : `/v1/apps/${encodeURIComponent(thread.app_id ?? '')}/sessions/${encodeURIComponent(thread.session_id)}`;

export function readTranscript(thread: Thread) {
  return api<InboxTranscript>(
    'GET',
    thread.conversation_id ? `${sessionPath(thread)}/inbox` : sessionPath(thread),
  );
}

export function takeOver(session: InboxSession) {
  return api<InboxAssignment>('POST', `${sessionPath(session)}/assign`, {});
}

export function handBack(session: InboxSession) {
  return api<unknown>('POST', `${sessionPath(session)}/resolve`, {});
}

export function sendReply(session: InboxSession, content: string) {
  return api<HumanMessage>('POST', `${sessionPath(session)}/messages`, { role: 'human_agent', content });
}

export function sendTyping(session: InboxSession) {
  return api<unknown>('POST', `${sessionPath(session)}/typing`, {});
}

/** Whether a summary belongs in the list under this filter (for live updates; words are checked by the server). */
export function matchesFilter(session: InboxSession, filter: InboxFilter, operatorId: string): boolean {
  if (filter === 'ended') return session.status === 'ended';
  if (session.status === 'ended') return false;
  if (filter === 'needs_person') return session.escalated && session.assigned_to === null;
  if (filter === 'mine') return session.escalated && session.assigned_to?.id === operatorId;
  return true;
}
