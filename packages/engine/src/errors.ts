import { type ErrorCode, type ErrorDetails, errorStatus } from '@parley/contract/errors';

export { type ErrorCode, type ErrorDetails, errorStatus };

/** The one error type of Parley: it knows its code, its HTTP status and its details. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParleyError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toJSON(): { error: { code: ErrorCode; message: string; details: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export function notFound(what: string, field: string, id: string): ParleyError {
  return new ParleyError('not_found', `${what} not found`, { [field]: id });
}

/**
 * 503 `unavailable`: a dependency (Redis, the database) did not answer in time. Fails fast; the edges
 * answer with `Retry-After` (`details.retry_after_seconds`).
 */
export function unavailable(what: string, cause?: unknown, retryAfterSeconds = 5): ParleyError {
  return new ParleyError(
    'unavailable',
    `${what} is unreachable; try again shortly`,
    { retry_after_seconds: retryAfterSeconds },
    { cause },
  );
}

export function invalidRequest(field: string, problem: string): ParleyError {
  return new ParleyError('invalid_request', `${field}: ${problem}`, { field, problem });
}

export function permissionDenied(message: string, details: ErrorDetails = {}): ParleyError {
  return new ParleyError('permission_error', message, details);
}
