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
 * Establishes who is calling from `Authorization: Bearer <key>` and refuses a
 * publishable key used from a web origin it does not list.
 */
export function authenticate(engine: Engine) {
  return async function authenticateRequest(request: Request, response: Response, next: NextFunction) {
    const credential = bearerCredential(request);
    if (!credential) {
      throw new ParleyError('authentication_error', 'Missing API key', {
        hint: 'Send Authorization: Bearer <key>',
      });
    }
    const principal = await engine.authenticate(credential);
    const origin = request.get('origin');
    if (!originAllowed(principal, origin)) {
      throw new ParleyError('permission_error', 'This key may not be used from this web origin', { origin });
    }
    response.locals.principal = principal;
    next();
  };
}
