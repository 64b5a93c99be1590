/**
 * `@parley/engine/testing`: what tests of the engine's seams share, outside the engine's runtime
 * exports. Each helper lives in its own file; this index only re-exports them.
 */
export { messageRecord, sessionRecord } from './records.js';
export { runStoreContract, type StoreHarness } from './store-contract.js';
