import { randomUUID } from 'node:crypto';
import type { EventBus } from './bus/event-bus.js';
import { InProcessEventBus } from './bus/in-process-event-bus.js';
import { type Dedupe, InProcessDedupe } from './coordination/dedupe.js';
import type { Locks } from './coordination/locks.js';
import type { EmbeddingModel } from './knowledge/embedding-model.js';
import type { DocumentHeading, DocumentParser, PassageChunk, RetrievalIndex } from './knowledge/knowledge.js';
import type { ChatModel } from './model/chat-model.js';
import { AnalyticsLedger } from './services/analytics-ledger.js';
import { HandoffDeadlines } from './services/away.js';
import { InboxIndex } from './services/inbox-index.js';
import { RecordingStore } from './services/recording-store.js';
import { HistoryRetention, type RetentionOptions } from './services/retention.js';
import { SessionExpiries } from './services/session-sweeper.js';
import type { Store } from './store/store.js';
import type { ToolRunner } from './tools/http-tool.js';
import type { Clock } from './util/clock.js';
import { KeyedMutex } from './util/keyed-mutex.js';

/** What every engine service needs. */
export interface EngineContext {
  store: Store;
  model: ChatModel;
  clock: Clock;
  /** Serialises turns per session or conversation (and the channel bridge's links): in-process or shared. */
  turns: Locks;
  /** Seen-once with expiry, shared by the nodes when coordination is (a person's reply posted to a platform once). */
  dedupe: Dedupe;
  /** How many earlier messages of a thread go to the model. */
  historyWindow: number;
  /** Live events for the edges (Socket.IO, Slack, Teams) and the webhook dispatcher. */
  bus: EventBus;
  /** Document parsing and retrieval; without it, datastores cannot take documents. */
  knowledge: Knowledge | null;
  /** Ingestion runs one document at a time, in the background. */
  ingestion: KeyedMutex;
  /** This engine among the nodes on one store: the holder of the leases it takes (a document it reads). */
  node: string;
  /** Calls agents' HTTP tools; without it, those tools fail with a clear error. */
  toolRunner: ToolRunner | null;
  /** Keeps the per-hour analytics counts as sessions and messages are written. */
  analytics: AnalyticsLedger;
  /** What the session sweeps read. */
  sessionExpiries: SessionExpiries;
  /** Escalated sessions nobody took yet, for the handoff timeout's sweep. */
  handoffDeadlines: HandoffDeadlines;
  /** Deletes old ended sessions and conversations when configured. */
  retention: HistoryRetention;
  /** Every session newest activity first, with what the inbox shows of it (kept as sessions are written). */
  inbox: InboxIndex;
}

export interface Knowledge {
  parser: DocumentParser;
  /** Cuts pages into passages that keep their page (and section, given headings), yielding to the event loop as it goes. */
  chunk(pages: string[], headings?: DocumentHeading[]): Promise<PassageChunk[]>;
  index: RetrievalIndex;
  /**
   * Semantic retrieval next to the lexical index: passages are embedded at ingestion and the
   * question once per turn. Without it (the default), retrieval is lexical only.
   */
  embeddings?: EmbeddingModel;
}

export function createContext(options: {
  store: Store;
  model: ChatModel;
  clock: Clock;
  historyWindow?: number;
  bus?: EventBus;
  knowledge?: Knowledge;
  toolRunner?: ToolRunner;
  retention?: RetentionOptions;
  locks?: Locks;
  dedupe?: Dedupe;
}): EngineContext {
  const analytics = new AnalyticsLedger(options.store);
  const sessionExpiries = new SessionExpiries();
  const handoffDeadlines = new HandoffDeadlines();
  const retention = new HistoryRetention(options.retention);
  const { locks, dedupe, ...rest } = options;
  const bus = options.bus ?? new InProcessEventBus();
  const inbox = new InboxIndex(bus);
  return {
    ...rest,
    store: new RecordingStore(options.store, analytics, [handoffDeadlines.watch, inbox.watch]),
    inbox,
    analytics,
    sessionExpiries,
    handoffDeadlines,
    retention,
    knowledge: options.knowledge ?? null,
    toolRunner: options.toolRunner ?? null,
    ingestion: new KeyedMutex(),
    node: randomUUID(),
    turns: locks ?? new KeyedMutex(),
    dedupe: dedupe ?? new InProcessDedupe(() => options.clock.now()),
    historyWindow: options.historyWindow ?? 20,
    bus,
  };
}
