import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRedis } from 'rate-limiter-flexible';

/** What a rate limit counts with: the server's limits take one of these (memory by default). */
export interface CounterSettings {
  keyPrefix: string;
  points: number;
  /** The window, in seconds. */
  duration: number;
  /** Past the limit, refused for this many seconds (default: until the window ends). */
  blockDuration?: number;
}

export type CounterFactory = (settings: CounterSettings) => RateLimiterAbstract;

/**
 * rate-limiter-flexible's Redis counters: every node counts in the same keys, which expire with
 * their window. While Redis is not connected a count fails at once (`rejectIfRedisNotReady`), with
 * an error that is not a refusal, which the server answers 503 `unavailable`.
 */
export function redisCounters(client: Redis, prefix: string): CounterFactory {
  return (settings) =>
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `${prefix}limit:${settings.keyPrefix}`,
      points: settings.points,
      duration: settings.duration,
      ...(settings.blockDuration === undefined ? {} : { blockDuration: settings.blockDuration }),
      rejectIfRedisNotReady: true,
    });
}
