import { describe, expect, it } from 'vitest';
import { mergeMetadata } from './merge.js';

describe('mergeMetadata', () => {
  it('merges objects deeply and replaces everything else', () => {
    const merged = mergeMetadata(
      { userProfile: { name: 'John', preferences: { language: 'en', notifications: true } }, tags: ['a'] },
      { userProfile: { preferences: { language: 'fr' } }, tags: ['b'], channel: 'web' },
    );
    expect(merged).toEqual({
      userProfile: { name: 'John', preferences: { language: 'fr', notifications: true } },
      tags: ['b'],
      channel: 'web',
    });
  });

  it('never reaches an object prototype', () => {
    const patch = JSON.parse(
      '{"__proto__": {"polluted": true}, "a": {"constructor": {"prototype": {"x": 1}}}}',
    );
    const merged = mergeMetadata({}, patch);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(merged).toEqual({ a: {} });
  });

  it('does not change its inputs', () => {
    const base = Object.freeze({ a: Object.freeze({ b: 1 }) });
    expect(mergeMetadata(base, { a: { c: 2 } })).toEqual({ a: { b: 1, c: 2 } });
  });
});
