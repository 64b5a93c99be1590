export {
  openRedisCoordination,
  type RedisCoordination,
  type RedisCoordinationOptions,
} from './redis-coordination.js';
export type { CounterFactory, CounterSettings } from './redis-counters.js';
export { redisCounters } from './redis-counters.js';
export { RedisDedupe } from './redis-dedupe.js';
export { RedisEventBus } from './redis-event-bus.js';
export { RedisLiveTurnLog } from './redis-live-turn-log.js';
export { RedisLocks } from './redis-locks.js';
