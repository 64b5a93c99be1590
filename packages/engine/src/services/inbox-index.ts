import type { EventBus } from '../bus/event-bus.js';
import { forEachPage } from '../store/each-page.js';
import type { Store, WriteOperation } from '../store/store.js';
import type { JsonObject, MessageRecord, MessageRole, SessionRecord } from '../types.js';

/** What the inbox shows of a session's last message. */
export interface InboxLastMessage {
  role: MessageRole;
  content: string;
  author: string | null;
  timestamp: string;
}

/** A session as the inbox keeps it in memory: enough to filter, order and summarise without reading the store. */
export interface InboxEntry {
  session: SessionRecord;
  /** Milliseconds of `session.updated_at`: the order of the inbox (newest activity first). */
  activity: number;
  visitorName: string | null;
  lastMessage: InboxLastMessage | null;
  /** Lower-cased: the visitor's name and metadata values, then the latest message texts (bounded). */
  metadataText: string;
  recentText: string;
  /** False for sessions loaded at start, until their metadata and last message are read once. */
  detailed: boolean;
}

const previewCharacters = 200;
const metadataTextCharacters = 400;
const recentTextCharacters = 1_000;

/** A visitor's name from the places our channels and the reference examples keep it. */
export function visitorNameOf(metadata: JsonObject): string | null {
  const profile = metadata.userProfile;
  const candidates: unknown[] = [
    typeof profile === 'object' && profile !== null && !Array.isArray(profile) ? profile.name : undefined,
    typeof profile === 'object' && profile !== null && !Array.isArray(profile)
      ? profile.real_name
      : undefined,
    metadata.name,
    metadata.user_name,
    metadata.email,
  ];
  const found = candidates.find((value) => typeof value === 'string' && value.trim() !== '');
  return typeof found === 'string' ? found.trim().slice(0, 200) : null;
}

/** The string values of the metadata, depth first, lower-cased, cut at the bound. */
export function metadataTextOf(metadata: JsonObject): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (value: unknown): void => {
    if (length >= metadataTextCharacters) return;
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      parts.push(text);
      length += text.length + 1;
    } else if (typeof value === 'object' && value !== null) {
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(metadata);
  return parts.join(' ').slice(0, metadataTextCharacters).toLowerCase();
}

export function lastMessageOf(message: MessageRecord): InboxLastMessage {
  return {
    role: message.role,
    content: message.content.slice(0, previewCharacters),
    author: message.author,
    timestamp: message.created_at,
  };
}

/**
 * Every session, newest activity first, kept in memory as sessions, their messages and memory are
 * written (the store's watcher), loaded once from the store on first use. The inbox lists and searches
 * it without a full read of the store per request. Each change is announced on the bus (`inbox`).
 * Per process, like the turn lock; with several nodes a shared index takes its place.
 */
export class InboxIndex {
  private readonly entries = new Map<string, InboxEntry>();
  private loading: Promise<void> | null = null;
  /** Who opened a session (a key id) → its channel, as read once from the key. */
  readonly channels = new Map<string, 'widget' | 'share' | 'slack' | 'teams' | 'api'>();

  constructor(private readonly bus: EventBus) {}

  watch = (operations: WriteOperation[]): void => {
    const changed = new Map<string, string>();
    for (const operation of operations) {
      if (operation.type === 'delete') {
        if (operation.collection === 'sessions') this.entries.delete(operation.id);
        continue;
      }
      if (operation.type !== 'put') continue;
      if (operation.collection === 'sessions') {
        this.putSession(operation.record);
        changed.set(operation.record.id, operation.record.app_id);
      } else if (operation.collection === 'messages') {
        const entry = this.entries.get(operation.record.thread_id);
        if (!entry) continue;
        this.addMessage(entry, operation.record);
        changed.set(entry.session.id, entry.session.app_id);
      } else if (operation.collection === 'session_metadata') {
        const entry = this.entries.get(operation.record.id);
        if (!entry) continue;
        this.setMetadata(entry, operation.record.metadata);
        changed.set(entry.session.id, entry.session.app_id);
      }
    }
    for (const [sessionId, appId] of changed)
      this.bus.publish('inbox', { session_id: sessionId, app_id: appId });
  };

  /** Reads every session once (a session written meanwhile is also seen by `watch`, which wins). */
  load(store: Store): Promise<void> {
    this.loading ??= (async () => {
      const loaded: SessionRecord[] = [];
      await forEachPage(store, 'sessions', undefined, (sessions) => {
        loaded.push(...sessions);
        return undefined;
      });
      const written = [...this.entries.values()];
      this.entries.clear();
      loaded.sort((left, right) => Date.parse(left.updated_at) - Date.parse(right.updated_at));
      for (const session of loaded) this.entries.set(session.id, newEntry(session, false));
      for (const entry of written) {
        this.entries.delete(entry.session.id);
        this.entries.set(entry.session.id, entry);
      }
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  get(sessionId: string): InboxEntry | undefined {
    return this.entries.get(sessionId);
  }

  /** Newest activity first. */
  newestFirst(): InboxEntry[] {
    return [...this.entries.values()].reverse();
  }

  private putSession(session: SessionRecord): void {
    const existing = this.entries.get(session.id);
    const entry = existing ?? newEntry(session, true);
    entry.session = session;
    const activity = Date.parse(session.updated_at);
    // Moved to the newest end only when its activity moved on (a record rewritten as it was keeps its place).
    if (!existing || activity !== entry.activity) {
      entry.activity = activity;
      this.entries.delete(session.id);
      this.entries.set(session.id, entry);
    }
  }

  private addMessage(entry: InboxEntry, message: MessageRecord): void {
    if (message.content === '') return;
    entry.lastMessage = lastMessageOf(message);
    entry.recentText = `${entry.recentText} ${message.content.toLowerCase()}`.slice(-recentTextCharacters);
  }

  setMetadata(entry: InboxEntry, metadata: JsonObject): void {
    entry.visitorName = visitorNameOf(metadata);
    entry.metadataText = metadataTextOf(metadata);
  }
}

function newEntry(session: SessionRecord, detailed: boolean): InboxEntry {
  return {
    session,
    activity: Date.parse(session.updated_at),
    visitorName: null,
    lastMessage: null,
    metadataText: '',
    recentText: '',
    detailed,
  };
}
