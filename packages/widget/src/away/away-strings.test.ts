import { describe, expect, it } from 'vitest';
import { builtInLanguage } from '../strings/languages.js';
import { awayStrings } from './away-strings.js';

describe('the away texts', () => {
  it('exist, whole, for English and every language with built-in texts', () => {
    const codes = builtInLanguage.source.match(/[a-z]{2}/g) ?? [];
    expect(codes.length).toBeGreaterThanOrEqual(17);
    const keys = Object.keys(awayStrings.en ?? {}).sort();
    for (const code of codes) {
      const texts = awayStrings[code];
      expect(texts, code).toBeDefined();
      expect(Object.keys(texts ?? {}).sort(), code).toEqual(keys);
      for (const value of Object.values(texts ?? {})) expect(value.trim(), code).not.toBe('');
      expect(texts?.contactThanks, code).toContain('{email}');
    }
  });
});
