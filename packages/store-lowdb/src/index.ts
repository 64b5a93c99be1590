export { LowdbStore, type LowdbStoreOptions, openLowdbStore } from './lowdb-store.js';
