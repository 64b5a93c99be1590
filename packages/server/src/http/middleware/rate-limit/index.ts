import type { NextFunction, Request, Response } from 'express';
import { planRefusal, type RateLimiter } from '../../../edge/rate-limits/plan-limit.js';

/** `X-RateLimit-*` on every authenticated answer; 429 with `Retry-After` past a limit. */
export function rateLimit(limiter: RateLimiter) {
  return async function limitRequest(request: Request, response: Response, next: NextFunction) {
    const outcome = await limiter.check(response.locals.principal, request.ip);
    response.setHeader('X-RateLimit-Limit', String(outcome.limit));
    response.setHeader('X-RateLimit-Remaining', String(outcome.remaining));
    response.setHeader('X-RateLimit-Reset', String(outcome.resetSeconds));
    const refusal = planRefusal(outcome);
    if (refusal) {
      response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      throw refusal;
    }
    next();
  };
}
