import { ParleyError } from '@parley/engine';

/**
 * What one socket may send: a burst of `burst` messages, then one more every
 * `refillMs`. Turns are also counted against the key's plan; this bounds
 * everything else a visitor's browser can ask (replays, history, config…).
 */
export class MessageBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly burst = 40,
    private readonly refillMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Spends one message; throws `rate_limited` when the socket is over its budget. */
  spend(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) / this.refillMs);
    this.updatedAt = now;
    if (this.tokens < 1) {
      throw new ParleyError('rate_limited', 'Too many messages on this connection', {
        retry_after_seconds: Math.ceil(((1 - this.tokens) * this.refillMs) / 1000),
      });
    }
    this.tokens -= 1;
  }
}
