import type { ParleyError } from '@parley/engine';

export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'rate_limit_error'
  | 'server_error';

function errorTypeOf(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/**
 * A Parley error in OpenAI's shape, `{error: {message, type, code, param}}`, so OpenAI clients raise
 * their own error classes (chosen by status). `code` stays Parley's stable code; `param` is the field
 * a validation error names.
 */
export function openAiErrorBody(failure: ParleyError) {
  const field = failure.details.field;
  return {
    error: {
      message: failure.message,
      type: errorTypeOf(failure.status),
      code: failure.code,
      param: typeof field === 'string' ? field : null,
    },
  };
}
