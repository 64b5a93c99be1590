import type { EventBus } from './bus/event-bus.js';
import { InProcessEventBus } from './bus/in-process-event-bus.js';
import type { EmbeddingModel } from './knowledge/embedding-model.js';
import type { DocumentHeading, DocumentParser, PassageChunk, RetrievalIndex } from './knowledge/knowledge.js';
import type { ChatModel } from './model/chat-model.js';
import { AnalyticsLedger } from './services/analytics-ledger.js';
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
  /** Serialises turns per session or conversation. */
  turns: KeyedMutex;
  /** How many earlier messages of a thread go to the model. */
  historyWindow: number;
  /** Live events for the edges (Socket.IO, Slack, Teams) and the webhook dispatcher. */
  bus: EventBus;
  /** Document parsing and retrieval; without it, datastores cannot take documents. */
  knowledge: Knowledge | null;
  /** Ingestion runs one document at a time, in the background. */
  ingestion: KeyedMutex;
  /** Calls agents' HTTP tools; without it, those tools fail with a clear error. */
  toolRunner: ToolRunner | null;
  /** Keeps the per-hour analytics counts as sessions and messages are written. */
  analytics: AnalyticsLedger;
  /** The active sessions' expiry times, for the sweeper. */
  sessionExpiries: SessionExpiries;
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
}): EngineContext {
  const analytics = new AnalyticsLedger(options.store);
  const sessionExpiries = new SessionExpiries();
  const retention = new HistoryRetention(options.retention);
  const bus = options.bus ?? new InProcessEventBus();
  const inbox = new InboxIndex(bus);
  return {
    ...options,
    store: new RecordingStore(options.store, analytics, [
      sessionExpiries.watch,
      retention.watch,
      inbox.watch,
    ]),
    inbox,
    analytics,
    sessionExpiries,
    retention,
    knowledge: options.knowledge ?? null,
    toolRunner: options.toolRunner ?? null,
    ingestion: new KeyedMutex(),
    turns: new KeyedMutex(),
    historyWindow: options.historyWindow ?? 20,
    bus,
  };
}
