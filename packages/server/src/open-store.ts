import type { EmbeddingModel, RetrievalIndex, Store } from '@parley/engine';
import { passageAnalysis } from '@parley/knowledge';
import { LowdbStore } from '@parley/store-lowdb';
import { PostgresStore } from '@parley/store-postgres';
import type { ServerConfig } from './config.js';
import type { Logger } from './logger.js';

/** The store the server runs on, with what only the embedded one does. */
export interface OpenedStore {
  store: Store;
  /** For the start log: the data folder, or the database and schema (never the password). */
  where: string;
  /** Rewrites the embedded data folder from memory (nothing to do on PostgreSQL, which updates in place). */
  compact(): Promise<void>;
  /** Once the server listens: the embedded store indexes what it loaded, between requests. */
  afterListen(): void;
  /**
   * On PostgreSQL: the retrieval index in the database, shared by every node (nothing loaded at
   * start). Null on the embedded store: each node indexes the stored passages in its memory.
   */
  retrievalIndex(embeddings: EmbeddingModel | undefined): Promise<RetrievalIndex | null>;
}

/**
 * `DATABASE_URL` set: PostgreSQL (migrated on open, in `PARLEY_DATABASE_SCHEMA`); otherwise the
 * embedded store in the data folder, as always.
 */
export async function openStore(config: ServerConfig, logger: Logger): Promise<OpenedStore> {
  if (config.databaseUrl) {
    const store = await PostgresStore.open({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
      poolSize: config.databasePoolSize,
    });
    const url = new URL(config.databaseUrl);
    return {
      store,
      where: `postgres://${url.host}${url.pathname} (schema ${config.databaseSchema})`,
      compact: async () => {},
      afterListen: () => {},
      retrievalIndex: (embeddings) =>
        store.retrievalIndex({
          analysis: passageAnalysis,
          ...(embeddings ? { hybrid: { modelName: embeddings.name } } : {}),
        }),
    };
  }
  const store = await LowdbStore.open({
    directory: config.dataDirectory,
    fsync: config.fsync,
    warnHeapFraction: config.storeWarnHeapFraction,
    onWarning: (message) => logger.warn({ store: 'capacity' }, message),
    deferIndexing: true,
  });
  return {
    store,
    where: config.dataDirectory,
    compact: () => store.compact(),
    afterListen: () => store.indexInBackground(),
    retrievalIndex: async () => null,
  };
}
