import { type Engine, ParleyError, type Principal } from '@parley/engine';
import type { NextFunction, Request, Response } from 'express';
import { bearerCredential, missingCredential, principalOf } from '../../../edge/authentication.js';
import { requireAllowedOrigin } from '../../../edge/origin.js';
import type { FailedAuthenticationThrottle } from '../../../edge/rate-limits/failed-authentication.js';

declare global {
  namespace Express {
    interface Locals {
      principal: Principal;
    }
  }
}

/**
 * A refusal for too many failed attempts carries `Retry-After`, like every 429, and the
 * `X-RateLimit-*` of the failed-attempt limit it ran into.
 */
function setRetryAfter(response: Response, error: unknown, limit: number): void {
  if (error instanceof ParleyError && error.code === 'rate_limited') {
    const retryAfterSeconds = Number(error.details.retry_after_seconds ?? 60);
    response.setHeader('Retry-After', String(retryAfterSeconds));
    response.setHeader('X-RateLimit-Limit', String(limit));
    response.setHeader('X-RateLimit-Remaining', '0');
    response.setHeader('X-RateLimit-Reset', String(Math.ceil(Date.now() / 1000) + retryAfterSeconds));
  }
}

/**
 * Establishes who is calling from `Authorization: Bearer <key>`. Failed attempts are counted per
 * client IP: past the limit, 429 before the key is even checked. The web origin is checked after the
 * request is counted (`refuseForeignOrigin`), so that refusal carries `X-RateLimit-*` like every
 * authenticated answer.
 */
export function authenticate(engine: Engine, throttle: FailedAuthenticationThrottle) {
  return async function authenticateRequest(request: Request, response: Response, next: NextFunction) {
    const credential = bearerCredential(request.get('authorization'));
    if (!credential) throw missingCredential('Send Authorization: Bearer <key>');
    response.locals.principal = await principalOf(credential, {
      engine,
      throttle,
      clientIp: request.ip,
    }).catch((error: unknown) => {
      setRetryAfter(response, error, throttle.failuresPerMinute);
      throw error;
    });
    next();
  };
}

/** Refuses a publishable key (or share token) used from a web origin it does not list. */
export function refuseForeignOrigin() {
  return function checkOrigin(request: Request, response: Response, next: NextFunction) {
    requireAllowedOrigin(response.locals.principal, request.get('origin'));
    next();
  };
}
