/**
 * What the notifier keeps in `localStorage`, beside the chat's thread (`parley:<app>`, written by the
 * chat): the unread replies (`parley:<app>:unread`), so another page of the site shows them too.
 * The keys are spelled here, not imported: the notifier shares no module with the chat.
 */
export interface Unread {
  /** Whose replies: another session's (after a logout and a new conversation) count for nothing. */
  session: string;
  count: number;
  author: string;
  /** The last reply's first words. */
  content: string;
  /** The last message this page knows of (a reply's, or where the stream started): the next page's stream sends what came after it. */
  last?: string;
}

const threadKey = (app: string) => `parley:${app}`;
const unreadKey = (app: string) => `parley:${app}:unread`;

function read(key: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused: this page alone knows.
  }
}

/** The stored session's id, or null. */
export function sessionOf(app: string): string | null {
  const session = read(threadKey(app))?.session_id;
  return typeof session === 'string' ? session : null;
}

/** What is unread of this session's replies, or null. */
export function readUnread(app: string, session: string): Unread | null {
  const unread = read(unreadKey(app));
  return unread && unread.session === session && typeof unread.count === 'number'
    ? (unread as unknown as Unread)
    : null;
}

export function writeUnread(app: string, unread: Unread | null): void {
  write(unreadKey(app), unread);
}

/** The session was handed back to the bot: the loader no longer starts the notifier. */
export function forgetEscalation(app: string): void {
  const thread = read(threadKey(app));
  if (!thread) return;
  delete thread.escalated;
  write(threadKey(app), thread);
}
