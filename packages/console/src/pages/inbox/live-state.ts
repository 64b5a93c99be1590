import type { Citation, InboxSession, TurnEvent } from '@parley/contract';
import { type InboxFilter, matchesFilter } from './inbox-api.js';

/** The answer being written now, as the visitor sees it. */
export interface LiveAnswer {
  text: string;
  tools: { tool: string; status: string }[];
  citations: Citation[];
}

/**
 * The answer after one more turn event: none once it is stored (`done`, `error`) or before it begins;
 * a console that starts watching in the middle shows it from there.
 */
export function nextLiveAnswer(live: LiveAnswer | null, event: TurnEvent): LiveAnswer | null {
  if (event.type === 'done' || event.type === 'error') return null;
  if (event.type === 'start') return live;
  const next: LiveAnswer = live ? { ...live } : { text: '', tools: [], citations: [] };
  if (event.type === 'token') next.text += event.content;
  else if (event.type === 'tool_call')
    next.tools = [...next.tools.filter((tool) => tool.tool !== event.tool), event];
  else if (event.type === 'citation') next.citations = [...next.citations, event];
  return next;
}

/**
 * The list after a session's summary changed: first (newest activity) when it belongs under the
 * filter, gone when it no longer does. With words searched, only conversations already found stay
 * (the server decides what matches).
 */
export function mergeSummary(
  sessions: InboxSession[],
  session: InboxSession,
  filter: InboxFilter,
  operatorId: string,
  words: string,
): InboxSession[] {
  const others = sessions.filter((item) => item.session_id !== session.session_id);
  const known = others.length !== sessions.length;
  const belongs = matchesFilter(session, filter, operatorId);
  return belongs && (known || words.trim() === '') ? [session, ...others] : others;
}
