import type { Request } from 'express';
import { consoleCookieToken, consoleHeaderName, requireConsoleRequest } from '../edge/console-cookie.js';

/** The origins this server answers at: the request's own (protocol honours a trusted proxy) and the public URL's. */
export function ownOrigins(request: Request): string[] {
  const origins = [`${request.protocol}://${request.get('host') ?? ''}`];
  const publicUrl: unknown = request.app.locals.publicUrl;
  if (typeof publicUrl === 'string') {
    try {
      origins.push(new URL(publicUrl).origin);
    } catch {
      // A malformed public URL adds nothing.
    }
  }
  return origins;
}

/** Where people reach the server: the configured public URL's origin, or the request's own. */
export function publicOrigin(request: Request): string {
  const origins = ownOrigins(request);
  return origins[origins.length - 1] as string;
}

/** The CSRF check of a cookie-carrying console request (see `requireConsoleRequest`). */
export function checkConsoleRequest(request: Request): void {
  requireConsoleRequest({
    method: request.method,
    consoleHeader: request.get(consoleHeaderName),
    origin: request.get('origin'),
    ownOrigins: ownOrigins(request),
  });
}

/** The console session token the request's cookie carries, if any. */
export function consoleTokenOf(request: Request): string | undefined {
  return consoleCookieToken(request.get('cookie'));
}

/** Whether the answer's cookie gets `Secure`: over https, as the request (or a trusted proxy) says. */
export function isSecure(request: Request): boolean {
  return request.secure;
}
