/** Stable error codes of the wire contract, each with its HTTP status. */
export const errorStatus = {
  invalid_request: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
  /** A dependency (the database, Redis) cannot be reached now; sent with `Retry-After`. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetails = Record<string, unknown>;

/** The contract's error body: every failure answers `{ error: { code, message, details } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetails };
}

/**
 * `details.reason` values, for the failures a client must tell apart from others with the same code and
 * field. `answered`: a resent `request_id` (`invalid_request`, `details.field: "request_id"`) whose
 * turn ran but whose events are no longer kept, as opposed to a malformed one: the client reads the
 * stored conversation instead of showing an error. `identity_unverified`: a publishable key's
 * `user_hash` did not verify, or an app requiring identity verification got a `user_id` without one
 * (`permission_error`, with `details.user_id`). Kept short: the widget carries the values.
 */
export const errorReasons = {
  requestAlreadyAnswered: 'answered',
  identityUnverified: 'identity_unverified',
} as const;

export type ErrorReason = (typeof errorReasons)[keyof typeof errorReasons];
