/**
 * The contract's error codes with their HTTP status (shared/CONTRACT.md, "Errors"), written here
 * from the contract rather than imported from the server, so the tests check the server against it.
 */
export const statusOfCode: Readonly<Record<string, number>> = {
  invalid_request: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
  upstream_error: 502,
};
