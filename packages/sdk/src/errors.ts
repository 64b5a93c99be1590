import type { ErrorCode, ErrorDetails, errorStatus } from '@parley/contract';
import type { RateLimitInfo } from './rate-limit.js';

export type { ErrorDetails };

/** The codes the server answers with (the contract's `ErrorCode`). */
export type ParleyServerErrorCode = ErrorCode;

/**
 * The server's code for each HTTP status: the contract's `errorStatus` turned around, which is what the
 * SDK reads an answer with. Written out here, and checked by the compiler to be exactly that table, so
 * that the SDK imports the contract's types only and keeps no runtime dependency on it.
 */
const serverCodeOfStatus = {
  400: 'invalid_request',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'upstream_error',
  503: 'unavailable',
} as const satisfies { [Code in ErrorCode as (typeof errorStatus)[Code]]: Code };

const serverCodes: ReadonlySet<string> = new Set(Object.values(serverCodeOfStatus));

/**
 * Codes the SDK itself reports (status 0 unless said otherwise):
 * `connection_error` the server could not be reached or the connection broke;
 * `timeout_error` no answer within `timeoutMs`;
 * `invalid_response` a 2xx answer that is not what the API sends (status is the HTTP status).
 */
export type ParleyClientErrorCode = 'connection_error' | 'timeout_error' | 'invalid_response';

export type ParleyErrorCode = ParleyServerErrorCode | ParleyClientErrorCode;

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
  return typeof value === 'string' && serverCodes.has(value);
}

/** The code to report for an HTTP status when the body does not name a known one. */
export function codeForStatus(status: number): ParleyServerErrorCode {
  const exact = Object.hasOwn(serverCodeOfStatus, status)
    ? serverCodeOfStatus[status as keyof typeof serverCodeOfStatus]
    : undefined;
  if (exact) return exact;
  return status >= 500 ? 'internal_error' : 'invalid_request';
}
