import { describe, expect, it } from 'vitest';
import { toIso } from './clock.js';

describe('toIso', () => {
  it('writes UTC to the second, also when called again within the same second', () => {
    expect(toIso(Date.UTC(2024, 0, 15, 14, 30, 0, 999))).toBe('2024-01-15T14:30:00Z');
    expect(toIso(Date.UTC(2024, 0, 15, 14, 30, 0, 1))).toBe('2024-01-15T14:30:00Z');
    expect(toIso(Date.UTC(2024, 0, 15, 14, 30, 1, 0))).toBe('2024-01-15T14:30:01Z');
    expect(toIso(Date.UTC(1999, 11, 31, 23, 59, 59))).toBe('1999-12-31T23:59:59Z');
  });

  it('stays right when two seconds alternate and a third comes in', () => {
    const now = Date.UTC(2024, 0, 15, 14, 30, 0);
    const later = now + 3_600_000;
    for (let round = 0; round < 3; round += 1) {
      expect(toIso(now)).toBe('2024-01-15T14:30:00Z');
      expect(toIso(later)).toBe('2024-01-15T15:30:00Z');
    }
    expect(toIso(now + 1000)).toBe('2024-01-15T14:30:01Z');
    expect(toIso(later)).toBe('2024-01-15T15:30:00Z');
    expect(toIso(now)).toBe('2024-01-15T14:30:00Z');
  });
});
