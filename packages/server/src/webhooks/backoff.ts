export interface BackoffOptions {
  /** The delay before the second attempt, before jitter. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
}

/**
 * How long to wait after the `attempt`-th failed attempt (1 for the first).
 *
 * Exponential: `baseMs · 2^(attempt − 1)`, capped at `maxMs`. With "equal
 * jitter": half of that delay is fixed and the other half random, so the delay
 * lies in `[delay / 2, delay]`. The fixed half keeps the backoff growing (a
 * struggling receiver is never hammered by an unlucky draw near zero), the
 * random half spreads out the retries of deliveries that failed together (say,
 * while the receiver was down), so they do not all come back at once.
 */
export function retryDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const delay = Math.min(options.maxMs, options.baseMs * 2 ** exponent);
  const half = delay / 2;
  return Math.round(half + random() * half);
}
