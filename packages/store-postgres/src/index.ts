export { isUnavailable } from './availability.js';
export { migrate, migrations } from './migrations.js';
export { openPostgresStore, PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
