import type { DocumentInput } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { createDocumentParser } from './document-parser.js';

const parser = createDocumentParser();

function input(name: string, text: string, contentType: string | null = null): DocumentInput {
  return { name, bytes: new TextEncoder().encode(text), contentType };
}

/** Each heading with the page text that starts at its offset, to show the offsets are right. */
async function headingsOf(name: string, text: string) {
  const { pages, headings } = await parser.parse(input(name, text));
  return (headings ?? []).map((heading) => ({
    text: heading.text,
    page: heading.page_number,
    startsWith: (pages[heading.page_number - 1] ?? '').slice(heading.at, heading.at + 12),
  }));
}

describe('headings of Markdown and HTML documents', () => {
  it('finds # to ### headings in Markdown as plain text, outside code blocks', async () => {
    const markdown = [
      '# Help',
      'Intro.',
      '## Express **delivery** ##',
      '```',
      '## not a heading',
      '```',
      '### [Returns](https://acme.example/r)',
      '#### Too deep',
      '#hashtag',
    ].join('\r\n');
    expect(await headingsOf('help.md', markdown)).toEqual([
      { text: 'Help', page: 1, startsWith: '# Help\nIntro' },
      { text: 'Express delivery', page: 1, startsWith: '## Express *' },
      { text: 'Returns', page: 1, startsWith: '### [Returns' },
    ]);
  });

  it('finds h1 to h3 in HTML, where they start in the extracted text', async () => {
    const html = `<h1>Help</h1><p>Intro.</p><h2>Express <b>delivery</b></h2><p>Next day.</p>
      <h4>Small print</h4><h3>Returns\uE000</h3><p>45 days.</p>`;
    const { pages } = await parser.parse(input('help.html', html));
    expect(pages).toEqual([
      'Help\n\nIntro.\n\nExpress delivery\n\nNext day.\n\nSmall print\n\nReturns\n\n45 days.',
    ]);
    expect(await headingsOf('help.html', html)).toEqual([
      { text: 'Help', page: 1, startsWith: 'Help\n\nIntro.' },
      { text: 'Express delivery', page: 1, startsWith: 'Express deli' },
      { text: 'Returns', page: 1, startsWith: 'Returns\n\n45 ' },
    ]);
  });

  it('keeps at most 200 characters of a long heading, cut at a word', async () => {
    const [heading] = await headingsOf('long.md', `## ${'word '.repeat(80)}\n\nText.`);
    expect(heading?.text.length).toBeLessThanOrEqual(200);
    expect(heading?.text).toMatch(/^word( word)*…$/);
  });

  it('gives no headings for plain text, even with # lines', async () => {
    expect((await parser.parse(input('notes.txt', '# Not a heading\n\nText.'))).headings).toBeUndefined();
  });
});
