/**
 * Issue 12: the retrieval seam is asynchronous and has two implementations, the embedded index in
 * each node's memory and the `passages` table in PostgreSQL. Both keep the one contract
 * (test/support/retrieval-contract.ts): the same passages found, first, for the same questions.
 */
import type { RetrievalIndex } from '@parley/engine';
import { HybridIndex, InMemoryRetrievalIndex, LexicalIndex, passageAnalysis } from '@parley/knowledge';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterAll } from 'vitest';
import { modelName, retrievalContract } from './support/retrieval-contract.js';

retrievalContract('in memory', {
  make: async ({ hybrid }) =>
    new InMemoryRetrievalIndex(hybrid ? new HybridIndex({ modelName }) : new LexicalIndex()),
});

const opened: { store: PostgresStore; schema: string }[] = [];

retrievalContract('PostgreSQL', {
  async make({ hybrid }): Promise<RetrievalIndex> {
    const schema = newTestSchema();
    const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema, poolSize: 2 });
    opened.push({ store, schema });
    return store.retrievalIndex({ analysis: passageAnalysis, ...(hybrid ? { hybrid: { modelName } } : {}) });
  },
});

afterAll(async () => {
  for (const { store, schema } of opened) {
    await store.close();
    await dropSchema(schema);
  }
});
