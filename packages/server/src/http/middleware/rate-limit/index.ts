import { ParleyError } from '@parley/engine';
import type { NextFunction, Request, Response } from 'express';
import type { RateLimiter } from '../../../rate-limit/rate-limiter.js';

/** `X-RateLimit-*` on every authenticated answer; 429 with `Retry-After` past a limit. */
export function rateLimit(limiter: RateLimiter) {
  return async function limitRequest(request: Request, response: Response, next: NextFunction) {
    const outcome = await limiter.check(response.locals.principal, request.ip);
    response.setHeader('X-RateLimit-Limit', String(outcome.limit));
    response.setHeader('X-RateLimit-Remaining', String(outcome.remaining));
    response.setHeader('X-RateLimit-Reset', String(outcome.resetSeconds));
    if (outcome.retryAfterSeconds !== null) {
      response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      throw new ParleyError('rate_limited', 'Too many requests', {
        retry_after_seconds: outcome.retryAfterSeconds,
      });
    }
    next();
  };
}
