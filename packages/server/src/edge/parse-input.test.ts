import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInput, parsePayload } from './parse-input.js';

const schema = z.strictObject({
  name: z.string().min(1),
  limits: z.strictObject({ per_minute: z.number().int() }).optional(),
});

function refusalOf(run: () => unknown): { code: string; status: number; message: string; details: unknown } {
  try {
    run();
  } catch (error) {
    return error as { code: string; status: number; message: string; details: unknown };
  }
  throw new Error('expected a refusal');
}

describe('parseInput', () => {
  it('answers the parsed value, and nothing without a schema', () => {
    expect(parseInput(schema, { name: 'Support' }, 'body')).toEqual({ name: 'Support' });
    expect(parseInput(undefined, { anything: true }, 'query')).toBeUndefined();
  });

  it('refuses with 400 invalid_request naming the first field and where it was', () => {
    const refusal = refusalOf(() => parseInput(schema, { name: '', limits: { per_minute: 1.5 } }, 'body'));
    expect(refusal.status).toBe(400);
    expect(refusal.code).toBe('invalid_request');
    expect(refusal.details).toMatchObject({ field: 'name', location: 'body' });
    expect(refusal.message.startsWith('name: ')).toBe(true);
    expect((refusal.details as { issues: { field: string }[] }).issues.map((issue) => issue.field)).toEqual([
      'name',
      'limits.per_minute',
    ]);
  });

  it('names an unknown key itself, not the object holding it', () => {
    const refusal = refusalOf(() =>
      parseInput(schema, { name: 'x', limits: { per_minute: 1, burst: 2 } }, 'body'),
    );
    expect(refusal.details).toMatchObject({ field: 'limits.burst', problem: 'is not a known field' });
  });

  it('names the location when the whole value is wrong', () => {
    const refusal = refusalOf(() => parseInput(schema, 'text', 'query'));
    expect(refusal.details).toMatchObject({ field: 'query', location: 'query' });
  });
});

describe('parsePayload', () => {
  it('reads a socket payload as a body', () => {
    expect(parsePayload(schema, { name: 'Widget' }).name).toBe('Widget');
    expect(refusalOf(() => parsePayload(schema, undefined)).details).toMatchObject({
      field: 'body',
      location: 'body',
    });
  });
});
