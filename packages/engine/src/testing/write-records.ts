/**
 * A raw write for tests: not an engine service, so no edge sees it on the `Engine`. It writes as
 * the engine's own writes go (counted by analytics, seen by the expiry and retention indexes, new
 * deliveries announced to the outbox), for setting up what no request makes (records of an older
 * version, a session about to expire).
 */
import type { Engine } from '../engine.js';
import { commit } from '../services/commit.js';
import type { WriteOperation } from '../store/store.js';

export function writeRecordsThrough(engine: Engine, operations: WriteOperation[]): Promise<void> {
  return commit(engine.context, operations);
}
