import { unavailable } from '@parley/engine';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface CounterSettings {
  keyPrefix: string;
  points: number;
  /** The window, in seconds. */
  duration: number;
  /** Past the limit, refused for this many seconds (default: until the window ends). */
  blockDuration?: number;
}

/**
 * Makes the counters every limit counts with (the plan's, per IP, socket connections, failed
 * authentications): in this process's memory by default, in Redis with several nodes
 * (`@parley/coordination-redis`'s `counters`), so the nodes share them.
 */
export type CounterFactory = (settings: CounterSettings) => RateLimiterAbstract;

export const memoryCounter: CounterFactory = (settings) => new RateLimiterMemory(settings);

/**
 * `consume`, where a counter that could not count (Redis unreachable) is 503 `unavailable`; a
 * refusal (over the limit) stays a `RateLimiterRes` rejection. A count that timed out (Redis stuck)
 * may still be made when Redis answers again: the point is given back right after it, on the same
 * connection, so a request refused for the outage counts for nothing (else a burst during a freeze
 * would count as failed authentications, and lock its address out once Redis is back).
 */
export function consume(counter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  return counter.consume(key).catch((error: unknown) => {
    if (error instanceof RateLimiterRes) throw error;
    counter.reward(key, 1).catch(() => {});
    throw unavailable('The rate-limit store', error);
  });
}
