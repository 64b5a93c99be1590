import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkPages, chunkPagesInSlices, passageRanges } from './chunk-pages.js';

const sentence = (index: number) => `Sentence number ${index} talks about returns and refunds in detail.`;
const paragraph = (from: number, count: number) =>
  Array.from({ length: count }, (_value, index) => sentence(from + index)).join(' ');

/** Page text made of words, spaces, line breaks, blank lines and sentence ends, or any string at all. */
const pageText = fc.oneof(
  fc
    .array(
      fc.oneof(
        fc.stringMatching(/^[a-zA-Z0-9]{1,12}$/),
        fc.constantFrom(' ', '  ', '\n', '\n\n', '\n \n', '. ', '! ', '.\n', '\t', '"? '),
      ),
      { maxLength: 400 },
    )
    .map((parts) => parts.join('')),
  fc.string({ maxLength: 600 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
);

describe('chunkPages', () => {
  it('keeps a short page whole and numbers pages from 1', () => {
    expect(chunkPages(['  First page.  ', '', 'Third page.'])).toEqual([
      { page_number: 1, text: 'First page.' },
      { page_number: 3, text: 'Third page.' },
    ]);
  });

  it('cuts at paragraph breaks when one is in reach, without overlap', () => {
    const page = `${paragraph(1, 5)}\n\n${paragraph(6, 5)}`;
    const chunks = chunkPages([page], { targetCharacters: 400 });
    expect(chunks.map((chunk) => chunk.text)).toEqual([paragraph(1, 5), paragraph(6, 5)]);
  });

  it('cuts long paragraphs at sentence ends, the next passage repeating the last sentence', () => {
    const page = paragraph(1, 20);
    const chunks = chunkPages([page], { targetCharacters: 300, overlapCharacters: 100 });
    expect(chunks.length).toBeGreaterThan(4);
    for (const [index, chunk] of chunks.entries()) {
      expect(chunk.text).toMatch(/^Sentence number \d+ .*in detail\.$/);
      const next = chunks[index + 1];
      if (next) expect(chunk.text.endsWith(next.text.slice(0, next.text.indexOf('.') + 1))).toBe(true);
    }
  });

  it('cuts between words when a sentence is longer than the target', () => {
    const words = Array.from({ length: 200 }, (_value, index) => `word${index}`).join(' ');
    for (const chunk of chunkPages([words], { targetCharacters: 100, overlapCharacters: 20 })) {
      expect(chunk.text).toMatch(/^word\d+( word\d+)*$/);
      expect(chunk.text.length).toBeLessThanOrEqual(100);
    }
  });

  it('cuts a word longer than the target, never inside a surrogate pair', () => {
    const chunks = chunkPages(['😀'.repeat(50)], { targetCharacters: 11 });
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('😀'.repeat(50));
    for (const chunk of chunks) expect(chunk.text).toMatch(/^(😀)+$/u);
  });

  it('keeps a fact that straddles a cut whole in one passage', () => {
    const fact = 'Laptops can be returned within 45 days of delivery.';
    for (let filler = 0; filler < 60; filler++) {
      const page = `${'Intro words here. '.repeat(10)}${'x'.repeat(filler)} ${fact} ${paragraph(1, 4)}`;
      const chunks = chunkPages([page], { targetCharacters: 250, overlapCharacters: 100 });
      expect(chunks.some((chunk) => chunk.text.includes(fact))).toBe(true);
    }
  });

  it('returns verbatim, bounded passages that cover every page (property)', () => {
    fc.assert(
      fc.property(
        fc.array(pageText, { maxLength: 4 }),
        fc.integer({ min: 2, max: 300 }),
        fc.integer({ min: 0, max: 150 }),
        (pages, targetCharacters, overlapCharacters) => {
          const options = { targetCharacters, overlapCharacters };
          const chunks = chunkPages(pages, options);
          for (const chunk of chunks) {
            const page = pages[chunk.page_number - 1];
            expect(page).toBeDefined();
            expect(page!.includes(chunk.text)).toBe(true);
            expect(chunk.text.trim()).toBe(chunk.text);
            expect(chunk.text.length).toBeGreaterThan(0);
            expect(chunk.text.length).toBeLessThanOrEqual(2 * targetCharacters);
          }
          pages.forEach((page, index) => {
            const ranges = passageRanges(page, options);
            const own = chunks.filter((chunk) => chunk.page_number === index + 1).map((chunk) => chunk.text);
            expect(own).toEqual(ranges.map(({ start, end }) => page.slice(start, end)));
            const covered = new Uint8Array(page.length);
            let previousStart = -1;
            for (const { start, end } of ranges) {
              expect(start).toBeGreaterThan(previousStart);
              previousStart = start;
              covered.fill(1, start, end);
            }
            for (let position = 0; position < page.length; position++) {
              if (!/\s/.test(page.charAt(position))) expect(covered[position], `offset ${position}`).toBe(1);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a target too small to make progress', () => {
    expect(() => chunkPages(['text'], { targetCharacters: 1 })).toThrow(RangeError);
    expect(() => chunkPages(['text'], { targetCharacters: Number.NaN })).toThrow(RangeError);
  });
});

describe('chunkPagesInSlices', () => {
  it('cuts a very long page exactly as chunkPages does, letting other work run meanwhile', async () => {
    const pages = [paragraph(0, 40_000), paragraph(40_000, 10)];
    let otherWorkRuns = 0;
    const other = setInterval(() => {
      otherWorkRuns += 1;
    }, 0);
    const passages = await chunkPagesInSlices(pages);
    clearInterval(other);
    expect(passages).toEqual(chunkPages(pages));
    expect(passages.length).toBeGreaterThan(3_000);
    expect(otherWorkRuns).toBeGreaterThan(0);
  });
});
