import type { ChunkRecord } from '../knowledge/knowledge.js';
import type {
  AgentRecord,
  AnalyticsBucketRecord,
  AnalyticsLatencyRecord,
  AppRecord,
  ChannelInstallationRecord,
  ChannelLinkRecord,
  ConsoleSessionRecord,
  ConversationRecord,
  DatastoreRecord,
  DefinitionRecord,
  DeliveryRecord,
  DocumentFileRecord,
  DocumentRecord,
  InviteRecord,
  KeyRecord,
  LeaseRecord,
  MessageRecord,
  OperatorRecord,
  SessionMetadataRecord,
  SessionRecord,
  SettingRecord,
  ShareRecord,
  SupportThreadRecord,
  WebhookRecord,
} from '../types.js';

/** Every collection and the record it holds. */
export interface Collections {
  apps: AppRecord;
  agents: AgentRecord;
  sessions: SessionRecord;
  session_metadata: SessionMetadataRecord;
  conversations: ConversationRecord;
  messages: MessageRecord;
  keys: KeyRecord;
  shares: ShareRecord;
  settings: SettingRecord;
  webhooks: WebhookRecord;
  deliveries: DeliveryRecord;
  datastores: DatastoreRecord;
  documents: DocumentRecord;
  document_files: DocumentFileRecord;
  chunks: ChunkRecord;
  definitions: DefinitionRecord;
  channel_links: ChannelLinkRecord;
  channel_installations: ChannelInstallationRecord;
  support_threads: SupportThreadRecord;
  analytics_buckets: AnalyticsBucketRecord;
  analytics_latencies: AnalyticsLatencyRecord;
  operators: OperatorRecord;
  console_sessions: ConsoleSessionRecord;
  invites: InviteRecord;
  leases: LeaseRecord;
}

export type CollectionName = keyof Collections;

/** The fields a store indexes, and so the only ones a query may filter on. */
export const indexedFields = {
  apps: [],
  agents: [],
  sessions: ['app_id', 'status', 'user_id'],
  session_metadata: ['app_id'],
  conversations: ['agent_id'],
  messages: ['thread_id', 'app_id'],
  keys: ['hash'],
  shares: ['agent_id', 'hash'],
  settings: [],
  webhooks: ['app_id'],
  deliveries: ['webhook_id', 'status', 'order_key'],
  datastores: [],
  documents: ['datastore_id', 'status'],
  document_files: ['datastore_id'],
  chunks: ['document_id', 'datastore_id'],
  definitions: [],
  channel_links: ['conversation_key', 'session_id'],
  channel_installations: ['platform'],
  support_threads: ['thread_key', 'session_id', 'app_id'],
  analytics_buckets: ['app_id'],
  analytics_latencies: ['app_id', 'bucket_id'],
  operators: ['email_key'],
  console_sessions: ['hash', 'operator_id'],
  invites: ['hash'],
  leases: [],
} as const satisfies { [C in CollectionName]: readonly (keyof Collections[C] & string)[] };

export type IndexedField<C extends CollectionName> = (typeof indexedFields)[C][number];

/**
 * The fields a store keeps in order within equal values of other (indexed) fields, for `listBelow`:
 * `sessions: { expires_at: ['status'] }` answers "the active sessions whose expiry is before t", reading
 * only those. The values compare as strings (times are ISO 8601 in UTC, which sort as they are).
 */
export const orderedFields = {
  sessions: {
    expires_at: ['status'],
    updated_at: ['status'],
    ended_at: ['status'],
    escalated_at: ['status'],
  },
  conversations: { updated_at: [], escalated_at: [] },
} as const satisfies {
  [C in CollectionName]?: { [field in keyof Collections[C] & string]?: readonly IndexedField<C>[] };
};

export type OrderedCollection = keyof typeof orderedFields;

/** A `listBelow` query: records whose `where` fields equal theirs and whose `field` is below `below`. */
export interface BelowQuery<C extends OrderedCollection> {
  field: keyof (typeof orderedFields)[C] & string;
  /** Exactly the fields `field` is ordered within, each with its value. */
  where: Where<C>;
  /** Strictly below (string order); with `orEqual`, below or equal. */
  below: string;
  orEqual?: boolean;
  /** With `desc`: also the records whose field equals `below` and whose id is below this one. */
  belowId?: string;
  limit: number;
  /**
   * `asc` (the default): lowest first, equal values oldest first. `desc`: highest first, equal values
   * by id, highest first (the inbox's newest activity first, a page at a time, going on after a
   * page's last record with `below` its value and `belowId` its id).
   */
  order?: 'asc' | 'desc';
}

export type Where<C extends CollectionName> = Partial<Record<IndexedField<C>, string>>;

export interface ListQuery<C extends CollectionName> {
  where?: Where<C>;
  /** 1 to 100 in the API; a store accepts any positive number. */
  limit: number;
  /** The id of the last record of the previous page. */
  cursor?: string | null;
  /** `asc`: oldest first (insertion order); `desc`: newest first. */
  order: 'asc' | 'desc';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type WriteOperation =
  | { [C in CollectionName]: { type: 'put'; collection: C; record: Collections[C] } }[CollectionName]
  | { type: 'delete'; collection: CollectionName; id: string }
  | { [C in CollectionName]: { type: 'deleteWhere'; collection: C; where: Where<C> } }[CollectionName]
  /**
   * A condition, not a change: the batch is applied only if record `id` is stored exactly as
   * `record` (equal as JSON; null: no such record). Otherwise `write` rejects with a
   * `WriteConflictError` and nothing of the batch is written (compare-and-set).
   */
  | {
      [C in CollectionName]: { type: 'expect'; collection: C; id: string; record: Collections[C] | null };
    }[CollectionName]
  /**
   * Counting without reading first (`addRecord`): adds `record` to the stored record `record.id` (see
   * `addedRecord`), which is made from it when there is none. Counts of several nodes add up.
   */
  | { [C in CountedCollection]: AddOperation<C> }[CountedCollection];

/** The collections whose records are counters (`add`). */
export type CountedCollection = 'analytics_buckets' | 'analytics_latencies';

export interface AddOperation<C extends CountedCollection> {
  type: 'add';
  collection: C;
  record: Collections[C];
  /** A map field of the record: the record is deleted when that map is left empty. */
  removeWhenEmpty?: string;
}

/** What a store says about itself (served by `GET /readyz`). */
export interface StoreHealth {
  /** False while writes are refused (for the embedded store: a failed write it could not cut off the journal). */
  writable: boolean;
  /** Records held in memory, for a store that holds them there. */
  records?: number;
  /** The share of the process's heap limit in use, for a store that holds its records in memory. */
  heapUsedFraction?: number;
  /** What an operator should act on, in words (e.g. memory running out, with the way out). */
  warnings: string[];
}

/**
 * Where Parley keeps its records. The embedded default is `LowdbStore` (journal + snapshot); a scale-out
 * store implements the same contract (see the shared store contract suite).
 * Records handed out must not be changed by the caller.
 */
export interface Store {
  get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined>;
  findOne<C extends CollectionName>(collection: C, where: Where<C>): Promise<Collections[C] | undefined>;
  list<C extends CollectionName>(collection: C, query: ListQuery<C>): Promise<Page<Collections[C]>>;
  count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number>;
  /**
   * At most `limit` records whose `field` is below `query.below`, lowest `field` first (then oldest
   * first), or highest first (`order: 'desc'`): a sweep reads only what is due, a page only its
   * records, however many are stored (see `orderedFields`).
   */
  listBelow<C extends OrderedCollection>(collection: C, query: BelowQuery<C>): Promise<Collections[C][]>;
  /** Every matching record, oldest first, in one pass (for sweeps and reports). */
  all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]>;
  /**
   * Applies every operation or none, in order. Resolves once the change is durable. Batches given
   * before this one that touch the same records are applied first. Rejects with a
   * `WriteConflictError` when an `expect` of the batch does not hold.
   */
  write(operations: WriteOperation[]): Promise<void>;
  /** Optional: whether the store takes writes, and warnings for the operator. */
  health?(): StoreHealth;
  close(): Promise<void>;
}

export function put<C extends CollectionName>(collection: C, record: Collections[C]): WriteOperation {
  return { type: 'put', collection, record } as WriteOperation;
}

export function remove(collection: CollectionName, id: string): WriteOperation {
  return { type: 'delete', collection, id };
}

export function removeWhere<C extends CollectionName>(collection: C, where: Where<C>): WriteOperation {
  return { type: 'deleteWhere', collection, where } as WriteOperation;
}

/** Adds `record`'s numbers to the stored record (see `addedRecord`) in the store, without reading it. */
export function addRecord<C extends CountedCollection>(
  collection: C,
  record: Collections[C],
  removeWhenEmpty?: string,
): WriteOperation {
  return (
    removeWhenEmpty
      ? { type: 'add', collection, record, removeWhenEmpty }
      : { type: 'add', collection, record }
  ) as WriteOperation;
}

/**
 * What an `add` leaves stored (every store applies this; PostgreSQL as `parley_add` in SQL): each
 * number of `record` added to the stored one, each map of numbers added key by key (keys that reach 0
 * dropped), any other field taken from `record`; null (no record) when `removeWhenEmpty` names a
 * map left empty.
 */
export function addedRecord<T extends object>(
  stored: T | undefined,
  record: T,
  removeWhenEmpty?: string,
): T | null {
  const result: Record<string, unknown> = { ...(stored ?? {}) };
  for (const [field, value] of Object.entries(record)) {
    const before = result[field];
    if (typeof value === 'number') result[field] = (typeof before === 'number' ? before : 0) + value;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const sums: Record<string, number> = {
        ...(before !== null && typeof before === 'object' ? (before as Record<string, number>) : {}),
      };
      for (const [key, amount] of Object.entries(value as Record<string, number>)) {
        const total = (sums[key] ?? 0) + amount;
        if (total === 0) delete sums[key];
        else sums[key] = total;
      }
      result[field] = sums;
    } else result[field] = value;
  }
  if (removeWhenEmpty && Object.keys((result[removeWhenEmpty] as object | undefined) ?? {}).length === 0)
    return null;
  return result as T;
}

/**
 * The check every store makes of a `listBelow` query: `field` is ordered in `collection` and `where`
 * names exactly the fields it is ordered within. Answers those fields, in the order of the index.
 */
export function orderedWithin<C extends OrderedCollection>(collection: C, query: BelowQuery<C>): string[] {
  const within = (orderedFields[collection] as Record<string, readonly string[] | undefined>)[query.field];
  if (!within) throw new Error(`${collection}.${query.field} is not ordered`);
  const named = Object.keys(query.where).filter(
    (field) => (query.where as Record<string, string | undefined>)[field] !== undefined,
  );
  if (named.length !== within.length || !within.every((field) => named.includes(field)))
    throw new Error(`${collection}.${query.field} is ordered within ${within.join(', ') || 'nothing'}`);
  return [...within];
}

/** A guard for a batch: it is written only if the record is still stored as `record` (null: absent). */
export function expectRecord<C extends CollectionName>(
  collection: C,
  id: string,
  record: Collections[C] | null | undefined,
): WriteOperation {
  return { type: 'expect', collection, id, record: record ?? null } as WriteOperation;
}

/** A batch refused because one of its `expect` guards did not hold: someone else wrote first. */
export class WriteConflictError extends Error {
  constructor(
    readonly collection: CollectionName,
    readonly id: string,
  ) {
    super(`${collection} ${id} changed since it was read`);
    this.name = 'WriteConflictError';
  }
}
