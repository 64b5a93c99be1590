import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.js';

const options = { baseMs: 1000, maxMs: 3_600_000 };

describe('retryDelay', () => {
  it('doubles with each attempt, between half and all of base · 2^(attempt − 1)', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, options, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, options, () => 1))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
    expect(retryDelay(3, options, () => 0.5)).toBe(3000);
  });

  it('never waits longer than maxMs, even after very many attempts', () => {
    expect(retryDelay(13, options, () => 1)).toBe(3_600_000);
    expect(retryDelay(13, options, () => 0)).toBe(1_800_000);
    expect(retryDelay(10_000, options, () => 1)).toBe(3_600_000);
  });

  it('stays within its bounds for random draws', () => {
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      const delay = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
      const drawn = retryDelay(attempt, options);
      expect(drawn).toBeGreaterThanOrEqual(delay / 2);
      expect(drawn).toBeLessThanOrEqual(delay);
    }
  });

  it('treats an attempt below 1 as the first', () => {
    expect(retryDelay(0, options, () => 1)).toBe(1000);
  });
});
