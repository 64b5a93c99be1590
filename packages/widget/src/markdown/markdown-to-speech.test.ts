import { describe, expect, it } from 'vitest';
import { markdownToSpeech } from './render-markdown.js';

describe('markdownToSpeech', () => {
  it('keeps the words of an answer and drops the marks a screen reader would spell out', () => {
    const spoken = markdownToSpeech(
      [
        '**Returns** within *45 days* [1].',
        '',
        '| Item | Days |',
        '|---|---|',
        '| Laptop | 45 |',
        '',
        '- first',
        '- [the policy](https://example.com)',
        '',
        '```',
        'code here',
        '```',
      ].join('\n'),
    );
    expect(spoken).toBe('Returns within 45 days [1]. Item Days Laptop 45 first the policy code here');
    expect(spoken).not.toMatch(/[|*`]/);
  });

  it('reads markup as the text it is', () => {
    expect(markdownToSpeech('<b>bold</b> text')).toContain('bold');
  });
});
