import { type Engine, ParleyError, type Principal } from '@parley/engine';
import type { NextFunction, Request, Response } from 'express';
import { bearerCredential, missingCredential, principalOf } from '../../../edge/authentication.js';
import { authenticateConsoleCookie } from '../../../edge/console-cookie.js';
import { requireAllowedOrigin } from '../../../edge/origin.js';
import type { FailedAuthenticationThrottle } from '../../../edge/rate-limits/failed-authentication.js';
import { checkConsoleRequest, consoleTokenOf } from '../../console-request.js';

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
 * The console operator of the request's session cookie, for a request without a bearer key: 401
 * when the session is over (signed out, expired, operator removed), 403 when an unsafe request
 * fails the CSRF check. Undefined without the cookie.
 */
async function consolePrincipal(engine: Engine, request: Request): Promise<Principal | undefined> {
  if (consoleTokenOf(request) === undefined) return undefined;
  const principal = await authenticateConsoleCookie(engine, request.get('cookie'));
  if (!principal)
    throw new ParleyError('authentication_error', 'Your console session has ended: sign in again', {
      reason: 'session_ended',
    });
  checkConsoleRequest(request);
  return principal;
}

/**
 * Establishes who is calling from `Authorization: Bearer <key>` (which wins), or else the console's
 * session cookie. Failed attempts are counted per
 * client IP: past the limit, 429 before the key is even checked. The web origin is checked after the
 * request is counted (`refuseForeignOrigin`), so that refusal carries `X-RateLimit-*` like every
 * authenticated answer.
 */
export function authenticate(engine: Engine, throttle: FailedAuthenticationThrottle) {
  return async function authenticateRequest(request: Request, response: Response, next: NextFunction) {
    const credential = bearerCredential(request.get('authorization'));
    if (!credential) {
      const operator = await consolePrincipal(engine, request);
      if (!operator) throw missingCredential('Send Authorization: Bearer <key>');
      response.locals.principal = operator;
      return next();
    }
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
