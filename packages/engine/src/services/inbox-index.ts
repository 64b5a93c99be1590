import type { EventBus } from '../bus/event-bus.js';
import type { WriteOperation } from '../store/store.js';
import type { ConversationRecord, JsonObject, MessageRecord, MessageRole, SessionRecord } from '../types.js';

/** What the inbox shows of a session's last message. */
export interface InboxLastMessage {
  role: MessageRole;
  content: string;
  author: string | null;
  timestamp: string;
}

/**
 * A session, or an agent's conversation, as the inbox shows it: its record, read from the store, with
 * what the inbox keeps of its details (read once, then kept while it does not change).
 */
export interface InboxEntry {
  /** The session; for a conversation, its record read as a session's fields (`conversationAsSession`). */
  session: SessionRecord;
  /** The agent of a conversation (the share page); null for an app's session. */
  agentId: string | null;
  visitorName: string | null;
  /** The email the visitor left (metadata `contact_email`). */
  contactEmail: string | null;
  lastMessage: InboxLastMessage | null;
  /** Lower-cased: the visitor's name and metadata values, then the latest message texts (bounded). */
  metadataText: string;
  recentText: string;
  /** False until its metadata and last message are read (or found among the details kept). */
  detailed: boolean;
}

/** What the inbox keeps of a session's details, valid while the session is at `version` (`versionOf`). */
interface KeptDetails {
  version: string;
  visitorName: string | null;
  contactEmail: string | null;
  lastMessage: InboxLastMessage | null;
  metadataText: string;
  recentText: string;
}

/** Details kept at most (the sessions a console shows and updates live); the oldest used go first. */
const keptDetailsLimit = 2_000;
/** Threads whose order of writes within one second is kept (the latest write first). */
const keptWritesLimit = 10_000;

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
 * What the inbox keeps in memory, bounded whatever the number of stored sessions: the details of the
 * sessions it showed lately (kept up to date as their messages and memory are written, read again when
 * another node wrote the session) and the order of this node's latest writes, which tells apart
 * sessions written within one second (`updated_at` has seconds). The sessions themselves are read from
 * the store a page at a time (`inbox-pages.ts`). Each change is announced on the bus (`inbox`).
 */
export class InboxIndex {
  private readonly details = new Map<string, KeptDetails>();
  /** Thread id → the order of this node's latest write of it and the `updated_at` it wrote. */
  private readonly writes = new Map<string, { write: number; updatedAt: string }>();
  /** `updated_at` → the threads this node wrote last at that time (among `writes`). */
  private readonly writtenAt = new Map<string, Set<string>>();
  private nextWrite = 1;
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
        if (operation.collection === 'sessions' || operation.collection === 'conversations') {
          this.details.delete(operation.id);
          this.forget(operation.id);
        }
        continue;
      }
      if (operation.type !== 'put') continue;
      if (operation.collection === 'sessions' || operation.collection === 'conversations') {
        const { id } = operation.record;
        this.wrote(id, operation.record.updated_at);
        const kept = this.details.get(id);
        // Its messages and memory are written here too, so what is kept stays true at the new version.
        if (kept) kept.version = versionOf(operation.record);
        changed.set(id, operation.collection === 'sessions' ? operation.record.app_id : '');
      } else if (operation.collection === 'messages') {
        const { record } = operation;
        const kept = this.details.get(record.thread_id);
        if (kept && record.content !== '') {
          kept.lastMessage = lastMessageOf(record);
          kept.recentText = `${kept.recentText} ${record.content.toLowerCase()}`.slice(-recentTextCharacters);
        }
        if (!changed.has(record.thread_id)) changed.set(record.thread_id, record.app_id ?? '');
      } else if (operation.collection === 'session_metadata') {
        const { record } = operation;
        const kept = this.details.get(record.id);
        if (kept) Object.assign(kept, metadataDetails(record.metadata));
        if (!changed.has(record.id)) changed.set(record.id, record.app_id);
      }
    }
    for (const [sessionId, appId] of changed)
      this.bus.publish('inbox', { session_id: sessionId, app_id: appId });
  };

  /**
   * The order of this node's latest write of the thread (higher is later) when it wrote it at
   * `updatedAt`; 0 when it is not among those kept (or another node wrote it since).
   */
  writeOrder(id: string, updatedAt: string): number {
    const written = this.writes.get(id);
    return written?.updatedAt === updatedAt ? written.write : 0;
  }

  /** The threads this node wrote last at `updatedAt`, with the order of those writes. */
  writtenAtTime(updatedAt: string): { id: string; write: number }[] {
    return [...(this.writtenAt.get(updatedAt) ?? [])].map((id) => ({
      id,
      write: this.writes.get(id)?.write ?? 0,
    }));
  }

  /** The entry of a stored thread, with its details when they are kept and still true. */
  entryOf(session: SessionRecord, agentId: string | null): InboxEntry {
    const kept = this.details.get(session.id);
    const entry: InboxEntry = {
      session,
      agentId,
      visitorName: null,
      contactEmail: null,
      lastMessage: null,
      metadataText: '',
      recentText: '',
      detailed: false,
    };
    if (!kept || kept.version !== versionOf(session)) return entry;
    this.details.delete(session.id);
    this.details.set(session.id, kept);
    const { version: _version, ...details } = kept;
    return Object.assign(entry, details, { detailed: true });
  }

  /** Keeps the details just read of an entry (the oldest used are let go past the bound). */
  keep(entry: InboxEntry): void {
    const { visitorName, contactEmail, lastMessage, metadataText, recentText } = entry;
    this.details.delete(entry.session.id);
    this.details.set(entry.session.id, {
      version: versionOf(entry.session),
      visitorName,
      contactEmail,
      lastMessage,
      metadataText,
      recentText,
    });
    for (const id of this.details.keys()) {
      if (this.details.size <= keptDetailsLimit) break;
      this.details.delete(id);
    }
  }

  setMetadata(entry: InboxEntry, metadata: JsonObject): void {
    Object.assign(entry, metadataDetails(metadata));
  }

  private wrote(id: string, updatedAt: string): void {
    this.forget(id);
    this.writes.set(id, { write: this.nextWrite++, updatedAt });
    const atTime = this.writtenAt.get(updatedAt) ?? new Set<string>();
    atTime.add(id);
    this.writtenAt.set(updatedAt, atTime);
    for (const oldest of this.writes.keys()) {
      if (this.writes.size <= keptWritesLimit) break;
      this.forget(oldest);
    }
  }

  private forget(id: string): void {
    const written = this.writes.get(id);
    if (!written) return;
    this.writes.delete(id);
    const atTime = this.writtenAt.get(written.updatedAt);
    atTime?.delete(id);
    if (atTime?.size === 0) this.writtenAt.delete(written.updatedAt);
  }
}

/** A session's version for the details kept: another node's turn changes its time or message count. */
function versionOf(thread: { updated_at: string; message_count: number }): string {
  return `${thread.updated_at}|${thread.message_count}`;
}

function metadataDetails(metadata: JsonObject) {
  return {
    visitorName: visitorNameOf(metadata),
    contactEmail: typeof metadata.contact_email === 'string' ? metadata.contact_email : null,
    metadataText: metadataTextOf(metadata),
  };
}
