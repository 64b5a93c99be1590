import type { Store } from '@parley/engine';
import { runStoreContract } from '@parley/engine/testing';
import { PostgresStore } from './postgres-store.js';
import { dropSchema, newTestSchema, testDatabaseUrl } from './testing.js';

let schema = '';

runStoreContract('postgres', {
  async open() {
    schema = newTestSchema();
    return PostgresStore.open({ connectionString: testDatabaseUrl, schema });
  },
  async reopen(store: Store) {
    await store.close();
    return PostgresStore.open({ connectionString: testDatabaseUrl, schema });
  },
  async cleanup() {
    await dropSchema(schema);
  },
});
