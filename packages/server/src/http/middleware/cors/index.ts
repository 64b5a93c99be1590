import type { NextFunction, Request, Response } from 'express';

/**
 * Lets web pages call the API with a bearer key (no cookies are ever used).
 * Which origin may use a publishable key is enforced by `authenticate`.
 */
export function cors() {
  return function allowCrossOrigin(request: Request, response: Response, next: NextFunction) {
    const origin = request.get('origin');
    if (!origin) return next();
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    response.setHeader(
      'Access-Control-Expose-Headers',
      'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id',
    );
    if (request.method === 'OPTIONS') {
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE, OPTIONS');
      // `Last-Event-ID`: an `EventSource` reconnecting to a session's notifications sends it.
      response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Last-Event-ID');
      response.setHeader('Access-Control-Max-Age', '600');
      response.status(204).end();
      return;
    }
    next();
  };
}
