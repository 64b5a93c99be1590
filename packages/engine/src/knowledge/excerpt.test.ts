import { describe, expect, it } from 'vitest';
import { bestSentence, excerptOf, keywords } from './excerpt.js';

const passage =
  'Our store is open every day. Laptops can be returned within 45 days of delivery. Phones must come back within 14 days. ' +
  'Refunds reach your card in 5 business days.';

describe('excerpts', () => {
  it('find the sentence that answers the question', () => {
    expect(bestSentence(passage, 'How long do I have to return a laptop?')).toBe(
      'Laptops can be returned within 45 days of delivery.',
    );
    expect(bestSentence(passage, 'What is the weather?')).toBeNull();
  });

  it('are verbatim text of the passage, within the size asked', () => {
    const long = `${'Filler sentence about shipping. '.repeat(30)}${passage}`;
    const excerpt = excerptOf(long, 'return a laptop', 120);
    expect(long.includes(excerpt)).toBe(true);
    expect(excerpt).toContain('Laptops can be returned within 45 days');
    expect(excerpt.length).toBeLessThanOrEqual(120);
  });

  it('reduce words to a light stem without stop words', () => {
    expect([...keywords('How do I return laptops?')]).toEqual(['return', 'laptop']);
  });
});
