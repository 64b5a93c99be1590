import { type ErrorCode, type ErrorDetails, ParleyError } from '@parley/engine';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

/** Turns anything thrown into the contract's error. Client mistakes stay 4xx; the rest is 500. */
export function toParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  const httpish = (typeof error === 'object' && error !== null ? error : {}) as HttpishError;
  const status = httpish.status ?? httpish.statusCode;
  switch (httpish.type) {
    case 'entity.parse.failed':
      return new ParleyError('invalid_request', 'The body is not valid JSON', {
        field: 'body',
        problem: 'malformed JSON',
      });
    case 'entity.too.large':
      return new ParleyError('payload_too_large', 'The body is too large', { field: 'body' });
    case 'encoding.unsupported':
      return new ParleyError('invalid_request', 'The body encoding is not supported', {
        field: 'Content-Encoding',
      });
    case 'charset.unsupported':
      return new ParleyError('invalid_request', 'The body charset is not supported; send UTF-8 JSON', {
        field: 'Content-Type',
        problem: httpish.message ?? 'unsupported charset',
      });
  }
  if (error instanceof URIError || (status === 400 && httpish.expose)) {
    return new ParleyError('invalid_request', 'The request could not be read', {
      problem: httpish.message ?? '',
    });
  }
  if (status === 413) return new ParleyError('payload_too_large', 'The body is too large', { field: 'body' });
  return new ParleyError('internal_error', 'Something went wrong on our side', {});
}

/** The contract's error object, as an HTTP answer's `error` and a socket's acknowledgement or refusal carry it. */
export interface ErrorObject {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

/** Anything thrown, as the contract's error object (`internal_error` for what is not a client mistake). */
export function errorObjectOf(error: unknown): ErrorObject {
  return toParleyError(error).toJSON().error;
}
