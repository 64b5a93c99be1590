import { type Engine, originAllowed, ParleyError, type Principal } from '@parley/engine';
import type { NextFunction, Request, Response } from 'express';
import type { FailedAuthenticationThrottle } from '../../../rate-limit/failed-authentication.js';

declare global {
  namespace Express {
    interface Locals {
      principal: Principal;
    }
  }
}

function bearerCredential(request: Request): string | undefined {
  const header = request.get('authorization');
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** A refusal for too many failed attempts carries `Retry-After`, like every 429. */
function setRetryAfter(response: Response, error: unknown): void {
  if (error instanceof ParleyError && error.code === 'rate_limited') {
    response.setHeader('Retry-After', String(error.details.retry_after_seconds ?? 60));
  }
}

/**
 * Establishes who is calling from `Authorization: Bearer <key>` and refuses a
 * publishable key used from a web origin it does not list. Failed attempts are
 * counted per client IP: past the limit, 429 before the key is even checked.
 */
export function authenticate(engine: Engine, throttle: FailedAuthenticationThrottle) {
  return async function authenticateRequest(request: Request, response: Response, next: NextFunction) {
    const credential = bearerCredential(request);
    if (!credential) {
      throw new ParleyError('authentication_error', 'Missing API key', {
        hint: 'Send Authorization: Bearer <key>',
      });
    }
    const principal = await throttle.authenticate(engine, credential, request.ip).catch((error: unknown) => {
      setRetryAfter(response, error);
      throw error;
    });
    const origin = request.get('origin');
    if (!originAllowed(principal, origin)) {
      throw new ParleyError('permission_error', 'This key may not be used from this web origin', { origin });
    }
    response.locals.principal = principal;
    next();
  };
}
