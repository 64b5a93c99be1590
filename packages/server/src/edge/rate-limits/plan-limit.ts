import { ParleyError, type Principal, type RateLimit } from '@parley/engine';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { type CounterFactory, consume, memoryCounter } from './counters.js';

/** Counts requests in fixed windows: in memory by default, in a shared store (Redis) with several nodes. */
export interface RateLimitCounters {
  minute: RateLimiterAbstract;
  day: RateLimiterAbstract;
}

export function memoryCounters(): RateLimitCounters {
  return countersOf(memoryCounter);
}

/** The plan's minute and day counters, made by `counter` (memory, or Redis shared by the nodes). */
export function countersOf(counter: CounterFactory): RateLimitCounters {
  const unlimited = Number.MAX_SAFE_INTEGER;
  return {
    minute: counter({ keyPrefix: 'minute', points: unlimited, duration: 60 }),
    day: counter({ keyPrefix: 'day', points: unlimited, duration: 86_400 }),
  };
}

export interface RateLimitOutcome {
  /** The limit of the window closest to its end (the key's minute or day, or the client IP's). */
  limit: number;
  remaining: number;
  /** Unix seconds when the window that matters resets. */
  resetSeconds: number;
  /** Set when the request is over a limit. */
  retryAfterSeconds: number | null;
}

interface WindowState {
  limit: number;
  used: number;
  resetMilliseconds: number;
}

/** 429 `rate_limited` for an outcome over a limit (with `retry_after_seconds`); null within the limits. */
export function planRefusal(outcome: RateLimitOutcome): ParleyError | null {
  if (outcome.retryAfterSeconds === null) return null;
  return new ParleyError('rate_limited', 'Too many requests', {
    retry_after_seconds: outcome.retryAfterSeconds,
  });
}

/**
 * The plan's limits per key per minute and per day; publishable keys and share tokens also per
 * client IP. An HTTP request and a socket message that costs work count the same.
 */
export class RateLimiter {
  private readonly counters: RateLimitCounters;

  constructor(
    private readonly publicIpLimit: RateLimit,
    counters?: RateLimitCounters,
  ) {
    this.counters = counters ?? memoryCounters();
  }

  private async count(subject: string, limit: RateLimit): Promise<WindowState[]> {
    const [minute, day] = await Promise.all([
      consume(this.counters.minute, subject),
      consume(this.counters.day, subject),
    ]);
    return [
      { limit: limit.per_minute, used: minute.consumedPoints, resetMilliseconds: minute.msBeforeNext },
      { limit: limit.per_day, used: day.consumedPoints, resetMilliseconds: day.msBeforeNext },
    ];
  }

  async check(principal: Principal, clientIp: string | undefined): Promise<RateLimitOutcome> {
    const windows = await this.count(principal.id, principal.rateLimit);
    if (principal.kind !== 'secret') {
      windows.push(...(await this.count(`${principal.id}@${clientIp ?? 'unknown'}`, this.publicIpLimit)));
    }
    const now = Date.now();
    const exceeded = windows.filter((window) => window.used > window.limit);
    if (exceeded.length === 0) {
      // The headers describe the window closest to its limit: the key's minute, its day, or the client IP's.
      const binding = windows.reduce((closest, window) =>
        window.limit - window.used < closest.limit - closest.used ? window : closest,
      );
      return {
        limit: binding.limit,
        remaining: Math.max(0, binding.limit - binding.used),
        resetSeconds: Math.ceil((now + binding.resetMilliseconds) / 1000),
        retryAfterSeconds: null,
      };
    }
    const [limiting] = exceeded as [WindowState];
    const waitMilliseconds = Math.max(...exceeded.map((window) => window.resetMilliseconds));
    return {
      limit: limiting.limit,
      remaining: 0,
      resetSeconds: Math.ceil((now + waitMilliseconds) / 1000),
      retryAfterSeconds: Math.max(1, Math.ceil(waitMilliseconds / 1000)),
    };
  }

  /** Counts a call; throws `rate_limited` when it is over a limit. */
  async enforce(principal: Principal, clientIp: string | undefined): Promise<RateLimitOutcome> {
    const outcome = await this.check(principal, clientIp);
    const refusal = planRefusal(outcome);
    if (refusal) throw refusal;
    return outcome;
  }
}
