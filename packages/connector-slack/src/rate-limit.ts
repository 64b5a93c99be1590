import { webApi } from '@slack/bolt';

/** The longest Slack's `Retry-After` is waited for before a write is given up. */
const longestWait = 30_000;

/** How long Slack asked us to wait (its `Retry-After`), when the error is a 429; otherwise null. */
export function retryAfterMs(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  if (code !== webApi.ErrorCode.RateLimitedError) return null;
  const seconds = typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? retryAfter : 1;
  return Math.max(0, seconds) * 1_000;
}

export interface RetryOptions {
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a write that must land (a final answer, a person's message): on a 429 it
 * waits as long as Slack says and tries again, a few times. Other errors are thrown.
 */
export async function withRateLimitRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const sleep = options.sleep ?? pause;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const wait = retryAfterMs(error);
      if (wait === null || attempt >= attempts || wait > longestWait) throw error;
      await sleep(wait);
    }
  }
}
