import type { Dedupe, EventBus, LiveTurnLog, Locks } from '@parley/engine';
import type { ServerConfig } from './config.js';
import type { CounterFactory } from './edge/rate-limits/counters.js';
import type { ReadinessCheck } from './http/readiness.js';
import type { Logger } from './logger.js';

/** What the engine and the server share with the other nodes: nothing (in-process) without `REDIS_URL`. */
export interface Coordination {
  engineOptions: { bus?: EventBus; locks?: Locks; liveTurnLog?: LiveTurnLog; dedupe?: Dedupe };
  counters?: CounterFactory;
  readinessChecks: ReadinessCheck[];
  close(): Promise<void>;
}

/**
 * With `REDIS_URL`, locks, live turns, the bus, dedupe and every rate limit on Redis
 * (`@parley/coordination-redis`, imported only then); without it the in-process defaults.
 */
export async function openCoordination(config: ServerConfig, logger: Logger): Promise<Coordination> {
  if (!config.redisUrl) return { engineOptions: {}, readinessChecks: [], close: async () => {} };
  const { openRedisCoordination } = await import('@parley/coordination-redis');
  const redis = await openRedisCoordination({
    url: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    onError: (error, what) => logger.warn({ err: error }, `Redis: could not ${what}`),
  });
  if (!(await redis.reachable()))
    logger.warn('Redis is unreachable for now; /readyz answers 503 until it answers');
  return {
    engineOptions: { bus: redis.bus, locks: redis.locks, liveTurnLog: redis.liveTurns, dedupe: redis.dedupe },
    counters: redis.counters,
    readinessChecks: [{ name: 'redis', ready: () => redis.reachable() }],
    close: () => redis.close(),
  };
}
