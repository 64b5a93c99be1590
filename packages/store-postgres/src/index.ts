export { isUnavailable } from './availability.js';
export { migrate, migrations } from './migrations.js';
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export type { HybridSettings } from './retrieval/hybrid.js';
export {
  PostgresRetrievalIndex,
  type PostgresRetrievalOptions,
} from './retrieval/postgres-retrieval-index.js';
