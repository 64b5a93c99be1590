import { describe, expect, it } from 'vitest';
import { bestSentence, citingSentence, excerptOf, keywords, supportingSentence } from './excerpt.js';

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

describe('the excerpt of a citation', () => {
  const policy =
    'Returns are easy. Laptops can be returned within 45 days of delivery. ' +
    'The laptop must come back in its original box with every accessory. Refunds reach your card in 5 business days.';

  it('is the sentence that supports the answer sentence carrying the marker, not the question', () => {
    const answer = 'You have 45 days. Pack the laptop in its original box with every accessory [1].';
    expect(citingSentence(answer, 1)).toBe('Pack the laptop in its original box with every accessory');
    expect(
      supportingSentence(policy, 'How long do I have to return a laptop?', citingSentence(answer, 1)),
    ).toBe('The laptop must come back in its original box with every accessory.');
  });

  it('prefers a sentence the answer does not repeat word for word when both support it equally', () => {
    const passage =
      'Laptops can be returned within 45 days. Laptops returned within 45 days get a full refund.';
    const answer = 'Laptops can be returned within 45 days [1].';
    expect(supportingSentence(passage, '', citingSentence(answer, 1))).toBe(
      'Laptops returned within 45 days get a full refund.',
    );
  });

  it('finds the marker closing a sentence and falls back to the question without one', () => {
    expect(citingSentence('First point. Refunds take 5 days.[2] More.', 2)).toBe('Refunds take 5 days.');
    expect(citingSentence('No markers here.', 1)).toBe('');
    expect(excerptOf(policy, 'refund card', 320, 10, '')).toBe('Refunds reach your card in 5 business days.');
  });
});
