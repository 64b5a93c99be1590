import { describe, expect, it } from 'vitest';
import { stem } from './stem.js';
import { foldWord, processTerm, queryTerms, tokenize } from './text-analysis.js';

describe('stem', () => {
  it.each([
    ['return', 'returns', 'returned', 'returning'],
    ['laptop', 'laptops'],
    ['policy', 'policies'],
    ['ship', 'ships', 'shipped', 'shipping'],
    ['charge', 'charges', 'charged', 'charging'],
    ['apply', 'applies', 'applied', 'applying'],
    ['use', 'uses', 'used', 'using'],
    ['address', 'addresses', 'addressed'],
    ['bill', 'bills', 'billed', 'billing'],
    ['need', 'needs', 'needed'],
    ['delivery', 'deliveries'],
    ['menu', 'menus'],
  ])('gives %s and its inflections one key', (...words) => {
    expect(new Set(words.map(stem)).size).toBe(1);
  });

  it('keeps short words, words with digits and words it cannot improve', () => {
    expect(stem('as')).toBe('as');
    expect(stem('mp3s')).toBe('mp3s');
    expect(stem('thing')).toBe('thing');
    expect(stem('string')).toBe('string');
  });
});

describe('text analysis', () => {
  it('splits words at spaces and punctuation, keeping apostrophes inside words', () => {
    expect(tokenize("Don't reset the e-mail, customer’s café!")).toEqual([
      "Don't",
      'reset',
      'the',
      'e',
      'mail',
      'customer’s',
      'café',
    ]);
  });

  it('folds case, accents and apostrophes', () => {
    expect(['Café', 'ÉTÉ', 'Straße', 'Œuvre', "don't"].map(foldWord)).toEqual([
      'cafe',
      'ete',
      'strasse',
      'oeuvre',
      'dont',
    ]);
  });

  it('drops stop words and lone letters but keeps numbers', () => {
    expect(['the', "Don't", 'x', '7', '45'].map(processTerm)).toEqual([null, null, null, '7', '45']);
  });

  it('gives the distinct terms of a question, without the quantity word after "how"', () => {
    expect(queryTerms('How long do I have to return a laptop?')).toEqual(['return', 'laptop']);
    expect(queryTerms('How many seats? Seat limits, long cables')).toEqual(['seat', 'limit', 'long', 'cabl']);
  });
});
