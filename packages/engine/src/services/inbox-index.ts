import type { EventBus } from '../bus/event-bus.js';
import { forEachPage } from '../store/each-page.js';
import type { Store, WriteOperation } from '../store/store.js';
import type { ConversationRecord, JsonObject, MessageRecord, MessageRole, SessionRecord } from '../types.js';

/** What the inbox shows of a session's last message. */
export interface InboxLastMessage {
  role: MessageRole;
  content: string;
  author: string | null;
  timestamp: string;
}

/**
 * A session, or an agent's conversation, as the inbox keeps it in memory: enough to filter, order and
 * summarise without reading the store.
 */
export interface InboxEntry {
  /** The session; for a conversation, its record read as a session's fields (`conversationAsSession`). */
  session: SessionRecord;
  /** The agent of a conversation (the share page); null for an app's session. */
  agentId: string | null;
  /** Milliseconds of `session.updated_at`. */
  activity: number;
  /** Its place in the inbox's order, higher for later activity (timestamps tie within a second). */
  position: number;
  visitorName: string | null;
  /** The email the visitor left (metadata `contact_email`). */
  contactEmail: string | null;
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

/**
 * An agent's conversation read as a session's fields, so the inbox lists, filters and orders both
 * alike: no app (`app_id` empty), never ended, escalated and assigned as its record says.
 */
export function conversationAsSession(conversation: ConversationRecord): SessionRecord {
  return {
    id: conversation.id,
    app_id: '',
    user_id: null,
    status: 'active',
    message_count: conversation.message_count,
    last_agent_id: conversation.agent_id,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
    expires_at: '9999-12-31T23:59:59.000Z',
    ended_at: null,
    end_reason: null,
    escalated: conversation.escalated === true,
    escalated_at: conversation.escalated_at ?? null,
    escalation_reason: conversation.escalation_reason ?? null,
    assigned_to: conversation.assigned_to ?? null,
    ...(conversation.created_by !== undefined ? { created_by: conversation.created_by } : {}),
  };
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
 * Every session and agent conversation, newest activity first, kept in memory as sessions, their messages and memory are
 * written (the store's watcher), loaded once from the store on first use. The inbox lists and searches
 * it without a full read of the store per request. Each change is announced on the bus (`inbox`).
 * Per process, like the turn lock; with several nodes a shared index takes its place.
 */
export class InboxIndex {
  private readonly entries = new Map<string, InboxEntry>();
  private loading: Promise<void> | null = null;
  private nextPosition = 1;
  /** Who opened a session (a key id) → its channel, as read once from the key. */
  readonly channels = new Map<string, 'widget' | 'share' | 'slack' | 'teams' | 'api'>();

  constructor(private readonly bus: EventBus) {}

  watch = (operations: WriteOperation[]): void => {
    const changed = new Map<string, string>();
    // Threads first: a conversation's record is written with its first message, which it then shows.
    const isThread = (operation: WriteOperation) =>
      operation.collection === 'sessions' || operation.collection === 'conversations';
    const ordered = [
      ...operations.filter(isThread),
      ...operations.filter((operation) => !isThread(operation)),
    ];
    for (const operation of ordered) {
      if (operation.type === 'delete') {
        if (operation.collection === 'sessions' || operation.collection === 'conversations')
          this.entries.delete(operation.id);
        continue;
      }
      if (operation.type !== 'put') continue;
      if (operation.collection === 'sessions') {
        this.putSession(operation.record, null);
        changed.set(operation.record.id, operation.record.app_id);
      } else if (operation.collection === 'conversations') {
        this.putSession(conversationAsSession(operation.record), operation.record.agent_id);
        changed.set(operation.record.id, '');
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

  /**
   * Reads every session and agent conversation once (one written meanwhile is also seen by `watch`,
   * which wins).
   */
  load(store: Store): Promise<void> {
    this.loading ??= (async () => {
      const loaded: InboxEntry[] = [];
      await forEachPage(store, 'sessions', undefined, (sessions) => {
        for (const session of sessions) loaded.push(newEntry(session, null, false));
        return undefined;
      });
      await forEachPage(store, 'conversations', undefined, (conversations) => {
        for (const conversation of conversations)
          loaded.push(newEntry(conversationAsSession(conversation), conversation.agent_id, false));
        return undefined;
      });
      const written = [...this.entries.values()];
      this.entries.clear();
      loaded.sort((left, right) => left.activity - right.activity);
      for (const entry of loaded) this.place(entry);
      for (const entry of written) this.place(entry);
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

  private putSession(session: SessionRecord, agentId: string | null): void {
    const existing = this.entries.get(session.id);
    const entry = existing ?? newEntry(session, agentId, true);
    const activity = Date.parse(session.updated_at);
    const moved = !existing || activity >= entry.activity;
    entry.session = session;
    entry.activity = Math.max(entry.activity, activity);
    // Every write of its record is activity (a turn, an escalation, a take-over, the end): newest end.
    if (moved) this.place(entry);
  }

  /** Puts the entry at the newest end of the order. */
  private place(entry: InboxEntry): void {
    entry.position = this.nextPosition++;
    this.entries.delete(entry.session.id);
    this.entries.set(entry.session.id, entry);
  }

  private addMessage(entry: InboxEntry, message: MessageRecord): void {
    if (message.content === '') return;
    entry.lastMessage = lastMessageOf(message);
    entry.recentText = `${entry.recentText} ${message.content.toLowerCase()}`.slice(-recentTextCharacters);
  }

  setMetadata(entry: InboxEntry, metadata: JsonObject): void {
    entry.visitorName = visitorNameOf(metadata);
    entry.contactEmail = typeof metadata.contact_email === 'string' ? metadata.contact_email : null;
    entry.metadataText = metadataTextOf(metadata);
  }
}

function newEntry(session: SessionRecord, agentId: string | null, detailed: boolean): InboxEntry {
  return {
    session,
    agentId,
    activity: Date.parse(session.updated_at),
    position: 0,
    visitorName: null,
    contactEmail: null,
    lastMessage: null,
    metadataText: '',
    recentText: '',
    detailed,
  };
}
