import { type Engine, originAllowed, ParleyError, type Principal } from '@parley/engine';
import type { NextFunction, Request, Response } from 'express';

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

/**
 * Establishes who is calling from `Authorization: Bearer <key>`. The web origin is checked after the
 * request is counted (`refuseForeignOrigin`), so that refusal carries `X-RateLimit-*` like every
 * authenticated answer.
 */
export function authenticate(engine: Engine) {
  return async function authenticateRequest(request: Request, response: Response, next: NextFunction) {
    const credential = bearerCredential(request);
    if (!credential) {
      throw new ParleyError('authentication_error', 'Missing API key', {
        hint: 'Send Authorization: Bearer <key>',
      });
    }
    response.locals.principal = await engine.authenticate(credential);
    next();
  };
}

/** Refuses a publishable key (or share token) used from a web origin it does not list. */
export function refuseForeignOrigin() {
  return function checkOrigin(request: Request, response: Response, next: NextFunction) {
    const origin = request.get('origin');
    if (!originAllowed(response.locals.principal, origin)) {
      throw new ParleyError('permission_error', 'This key may not be used from this web origin', { origin });
    }
    next();
  };
}
