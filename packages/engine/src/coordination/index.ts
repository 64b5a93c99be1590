export type { Dedupe } from './dedupe.js';
export { InProcessDedupe } from './dedupe.js';
export { InProcessLiveTurnLog, type LiveTurnLog } from './live-turn-log.js';
export type { Locks } from './locks.js';
