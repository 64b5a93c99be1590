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
 * refusal (over the limit) stays a `RateLimiterRes` rejection.
 */
export function consume(counter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
  return counter.consume(key).catch((error: unknown) => {
    if (error instanceof RateLimiterRes) throw error;
    throw unavailable('The rate-limit store', error);
  });
}
