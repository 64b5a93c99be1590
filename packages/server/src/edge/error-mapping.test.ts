import { ParleyError } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { errorObjectOf, toParleyError } from './error-mapping.js';

describe('toParleyError', () => {
  it('keeps a ParleyError as it is', () => {
    const refusal = new ParleyError('not_found', 'App not found', { app_id: 'app_x' });
    expect(toParleyError(refusal)).toBe(refusal);
  });

  it('names the body for the body parser’s refusals', () => {
    const malformed = toParleyError({ type: 'entity.parse.failed', status: 400 });
    expect([malformed.status, malformed.code, malformed.details]).toEqual([
      400,
      'invalid_request',
      { field: 'body', problem: 'malformed JSON' },
    ]);
    const large = toParleyError({ type: 'entity.too.large', status: 413 });
    expect([large.status, large.code, large.details]).toEqual([413, 'payload_too_large', { field: 'body' }]);
    const charset = toParleyError({
      type: 'charset.unsupported',
      status: 415,
      message: 'unsupported charset "LATIN1"',
    });
    expect([charset.status, charset.code, charset.details.field]).toEqual([
      400,
      'invalid_request',
      'Content-Type',
    ]);
  });

  it('answers an undecodable URI as a client mistake', () => {
    const failure = toParleyError(new URIError('URI malformed'));
    expect([failure.status, failure.code]).toEqual([400, 'invalid_request']);
  });

  it('hides anything else behind internal_error, without its message', () => {
    const failure = toParleyError(new Error('connection string postgres://secret@db'));
    expect(failure.status).toBe(500);
    expect(failure.code).toBe('internal_error');
    expect(JSON.stringify(failure.toJSON())).not.toContain('secret');
  });
});

describe('errorObjectOf', () => {
  it('is the error object a socket acknowledgement carries', () => {
    expect(
      errorObjectOf(new ParleyError('rate_limited', 'Too many requests', { retry_after_seconds: 3 })),
    ).toEqual({ code: 'rate_limited', message: 'Too many requests', details: { retry_after_seconds: 3 } });
    expect(errorObjectOf('thrown string')).toEqual({
      code: 'internal_error',
      message: 'Something went wrong on our side',
      details: {},
    });
  });
});
