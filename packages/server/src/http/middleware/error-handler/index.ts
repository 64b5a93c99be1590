import type { NextFunction, Request, Response } from 'express';
import { toParleyError } from '../../../edge/error-mapping.js';
import type { Logger } from '../../../logger.js';

/**
 * The one final error handler: anything thrown becomes the contract's error answer
 * (`{ error: { code, message, details } }` with the code's status). What is not a client
 * mistake is logged and answered `internal_error`, without its message or stack.
 */
export function answerErrors(logger: Logger) {
  return function answerError(error: unknown, request: Request, response: Response, _next: NextFunction) {
    const failure = toParleyError(error);
    if (failure.code === 'internal_error') {
      logger.error({ err: error, method: request.method, path: request.path }, 'request failed');
    } else if (failure.code === 'upstream_error') {
      logger.warn({ details: failure.details, path: request.path }, 'model provider failed');
    } else if (failure.code === 'unavailable') {
      logger.warn({ err: error, path: request.path }, 'a dependency is unreachable');
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    // A dependency that is down (the database): the client may try again shortly.
    if (failure.code === 'unavailable') {
      logger.warn({ details: failure.details, path: request.path }, 'a dependency is unavailable');
      response.setHeader('Retry-After', String(failure.details.retry_after_seconds ?? 5));
    }
    // A route that speaks another protocol's error shape (the OpenAI-compatible one) says so before it runs.
    const errorFormat = response.locals.errorFormat;
    response.status(failure.status).json(errorFormat ? errorFormat.body(failure) : failure.toJSON());
  };
}
