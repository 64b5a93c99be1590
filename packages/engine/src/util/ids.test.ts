import { describe, expect, it } from 'vitest';
import { newId, randomToken } from './ids.js';

describe('ids', () => {
  it('are the prefix and 20 URL-safe characters', () => {
    expect(newId('sess')).toMatch(/^sess_[A-Za-z0-9_-]{20}$/);
    expect(randomToken(40)).toMatch(/^[A-Za-z0-9_-]{40}$/);
  });

  it('do not repeat, across many refills of the random pool', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('msg')));
    expect(ids.size).toBe(20_000);
  });

  it('use every character of the alphabet about evenly', () => {
    const counts = new Map<string, number>();
    for (const character of randomToken(64_000)) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(64);
    for (const count of counts.values()) expect(count).toBeGreaterThan(800);
  });
});
