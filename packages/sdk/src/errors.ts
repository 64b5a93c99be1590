import type { RateLimitInfo } from './rate-limit.js';

/** The codes the server answers with, each with its HTTP status. */
export const serverErrorStatus = {
  invalid_request: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
} as const;

export type ParleyServerErrorCode = keyof typeof serverErrorStatus;

/**
 * Codes the SDK itself reports (status 0 unless said otherwise):
 * `connection_error` the server could not be reached or the connection broke;
 * `timeout_error` no answer within `timeoutMs`;
 * `invalid_response` a 2xx answer that is not what the API sends (status is the HTTP status).
 */
export type ParleyClientErrorCode = 'connection_error' | 'timeout_error' | 'invalid_response';

export type ParleyErrorCode = ParleyServerErrorCode | ParleyClientErrorCode;

export type ErrorDetails = Record<string, unknown>;

export interface ParleyApiErrorInit {
  code: ParleyErrorCode;
  message: string;
  /** HTTP status; 0 when no answer came. */
  status: number;
  details?: ErrorDetails;
  rateLimit?: RateLimitInfo;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** Every failed call rejects with this. */
export class ParleyApiError extends Error {
  readonly code: ParleyErrorCode;
  readonly status: number;
  readonly details: ErrorDetails;
  /** The `X-RateLimit-*` headers of the answer, when it had them. */
  readonly rateLimit?: RateLimitInfo;
  /** From `Retry-After` (429): seconds to wait before trying again. */
  readonly retryAfterSeconds?: number;

  constructor(init: ParleyApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ParleyApiError';
    this.code = init.code;
    this.status = init.status;
    this.details = init.details ?? {};
    if (init.rateLimit) this.rateLimit = init.rateLimit;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isParleyApiError(value: unknown): value is ParleyApiError {
  return value instanceof ParleyApiError;
}

export function isServerErrorCode(value: unknown): value is ParleyServerErrorCode {
  return typeof value === 'string' && Object.hasOwn(serverErrorStatus, value);
}

/** The code to report for an HTTP status when the body does not name a known one. */
export function codeForStatus(status: number): ParleyServerErrorCode {
  const exact = Object.entries(serverErrorStatus).find(([, known]) => known === status);
  if (exact && isServerErrorCode(exact[0])) return exact[0];
  return status >= 500 ? 'internal_error' : 'invalid_request';
}
