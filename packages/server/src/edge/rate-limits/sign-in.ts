import { ParleyError } from '@parley/engine';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { addressBlockOf } from './failed-authentication.js';

export interface SignInLimits {
  /** Failed sign-ins one email may have per window before it is locked (10 by default). */
  failuresPerEmail: number;
  /** Failed sign-ins one client IP (IPv6: its /64) may have per window (50 by default). */
  failuresPerAddress: number;
  /** The window and the lockout, in seconds (15 minutes by default). */
  windowSeconds: number;
}

export const defaultSignInLimits: SignInLimits = {
  failuresPerEmail: 10,
  failuresPerAddress: 50,
  windowSeconds: 15 * 60,
};

/**
 * Slows password guessing on the console's sign-in: failures are counted per email and per client
 * address; past either limit every attempt (a right password too, so a guess cannot be confirmed) is
 * refused with 429 `rate_limited` and `Retry-After` until the window ends. Each attempt takes its
 * points before the password is checked, so attempts sent at once are bounded too; a success gives
 * them back.
 */
export class SignInThrottle {
  private readonly perEmail: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(readonly limits: SignInLimits = defaultSignInLimits) {
    this.perEmail = new RateLimiterMemory({
      keyPrefix: 'sign-in-email',
      points: limits.failuresPerEmail,
      duration: limits.windowSeconds,
      blockDuration: limits.windowSeconds,
    });
    this.perAddress = new RateLimiterMemory({
      keyPrefix: 'sign-in-address',
      points: limits.failuresPerAddress,
      duration: limits.windowSeconds,
    });
  }

  /** Runs `attempt` unless the email or address is locked; an `authentication_error` counts as a failure. */
  async attempt<T>(email: string, clientIp: string | undefined, attempt: () => Promise<T>): Promise<T> {
    const emailKey = email.trim().toLowerCase();
    const addressKey = addressBlockOf(clientIp);
    const taken: [RateLimiterMemory, string][] = [];
    try {
      for (const [limiter, key] of [
        [this.perAddress, addressKey],
        [this.perEmail, emailKey],
      ] as const) {
        await limiter.consume(key);
        taken.push([limiter, key]);
      }
    } catch (refusal) {
      await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      throw new ParleyError(
        'rate_limited',
        'Too many failed sign-ins: wait before trying again, or ask an owner to check your account',
        {
          reason: 'sign_in_locked',
          retry_after_seconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)),
        },
      );
    }
    try {
      const result = await attempt();
      await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
      return result;
    } catch (error) {
      const failed = error instanceof ParleyError && error.code === 'authentication_error';
      if (!failed) await Promise.all(taken.map(([limiter, key]) => limiter.reward(key, 1)));
      throw error;
    }
  }
}
