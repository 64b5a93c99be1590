import { consoleSessionLifetime, type OpenedSession, ParleyError } from '@parley/engine';
import type { Request, Response } from 'express';
import { clearedCookie, sessionCookie } from '../edge/console-cookie.js';
import { isSecure } from './console-request.js';

/** Hands the browser a new session's cookie (HttpOnly, SameSite=Strict, Secure over https). */
export function setSessionCookie(request: Request, response: Response, session: OpenedSession): void {
  response.setHeader(
    'Set-Cookie',
    sessionCookie(session.token, {
      secure: isSecure(request),
      maxAgeSeconds: consoleSessionLifetime.absoluteMs / 1000,
    }),
  );
  response.setHeader('Cache-Control', 'no-store');
}

export function clearSessionCookie(request: Request, response: Response): void {
  response.setHeader('Set-Cookie', clearedCookie(isSecure(request)));
  response.setHeader('Cache-Control', 'no-store');
}

/** A 429 carries `Retry-After`, as every one does. */
export function withRetryAfter<T>(response: Response, attempt: Promise<T>): Promise<T> {
  return attempt.catch((error: unknown) => {
    if (error instanceof ParleyError && error.code === 'rate_limited')
      response.setHeader('Retry-After', String(error.details.retry_after_seconds ?? 60));
    throw error;
  });
}
