import { type DocumentInput, DocumentParseError } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { docxBomb, textHeavyPdf, wordsLine, wordZip } from '../../../../test/support/hostile-documents.js';
import { createDocumentParser, type DocumentParserOptions } from './document-parser.js';

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function failure(options: DocumentParserOptions, document: DocumentInput): Promise<string> {
  const error = await createDocumentParser(options)
    .parse(document)
    .then(
      () => null,
      (reason: unknown) => reason,
    );
  expect(error).toBeInstanceOf(DocumentParseError);
  return (error as DocumentParseError).message;
}

/** A real-looking Word document: `paragraphs` paragraphs of ordinary words. */
function wordDocument(paragraphs: number): Uint8Array {
  const paragraph = `<w:p><w:r><w:t>${wordsLine(1, 1)} ${wordsLine(2, 2)}</w:t></w:r></w:p>`;
  return wordZip(paragraph, paragraphs);
}

describe('limits on reading one document', () => {
  it('refuses a Word document whose XML unzips past the limit, from the zip directory alone', async () => {
    // With 64 MB of memory for the reader: inflating the 40 MB would stop it for lack of memory first.
    const message = await failure(
      { maxMemoryMegabytes: 64 },
      { bytes: docxBomb(40), name: 'bomb.docx', contentType: docxType },
    );
    expect(message).toMatch(
      /^The Word document is too large: it unzips to 40\.0 MB of text and markup \(Parley reads at most 16\.0 MB\)$/,
    );
    const small = await failure(
      { maxUnzippedBytes: 100_000 },
      { bytes: wordDocument(2_000), name: 'long.docx', contentType: docxType },
    );
    expect(small).toMatch(/too large: it unzips to 0\.\d MB .*at most 0\.1 MB/);
  });

  it('reads a Word document within the limits', async () => {
    const parsed = await createDocumentParser().parse({
      bytes: wordDocument(2_000),
      name: 'long.docx',
      contentType: docxType,
    });
    expect(parsed.pages).toHaveLength(1);
    expect(parsed.pages[0]).toContain(wordsLine(2, 2));
  });

  it('refuses a document with more text than the limit', async () => {
    const message = await failure(
      { maxTextCharacters: 1_000 },
      { bytes: new TextEncoder().encode('word '.repeat(500)), name: 'long.txt', contentType: 'text/plain' },
    );
    expect(message).toBe(
      'The document has too much text: more than 1,000 characters (Parley reads at most 1,000; split it into smaller documents)',
    );
  });

  it('refuses a PDF with more text than the limit, stopping inside the page that passes it', async () => {
    const pdf = textHeavyPdf(2, 2_000, wordsLine);
    const message = await failure(
      { maxTextCharacters: 50_000 },
      { bytes: pdf, name: 'long.pdf', contentType: 'application/pdf' },
    );
    expect(message).toMatch(/^The document has too much text: more than 50,000 characters/);
    const parsed = await createDocumentParser({ maxTextCharacters: 500_000 }).parse({
      bytes: pdf,
      name: 'long.pdf',
      contentType: 'application/pdf',
    });
    expect(parsed.pages).toHaveLength(2);
    expect(parsed.pages[1]).toContain(wordsLine(2, 1_999));
  });

  it('refuses HTML nested deeper than the limit, and reads HTML nested up to it', async () => {
    const nested = (depth: number) =>
      new TextEncoder().encode(`${'<div>'.repeat(depth)}Deep text.${'</div>'.repeat(depth)}`);
    const message = await failure(
      { maxHtmlDepth: 50 },
      { bytes: nested(51), name: 'deep.html', contentType: null },
    );
    expect(message).toBe(
      'The HTML document is nested too deeply: more than 50 elements inside one another (Parley reads at most 50)',
    );
    const parsed = await createDocumentParser({ maxHtmlDepth: 50 }).parse({
      bytes: nested(50),
      name: 'deep.html',
      contentType: null,
    });
    expect(parsed.pages).toEqual(['Deep text.']);
  });

  it('gives up on a document that takes longer than the time limit', async () => {
    const message = await failure(
      { timeoutMilliseconds: 1 },
      { bytes: wordDocument(2_000), name: 'long.docx', contentType: docxType },
    );
    expect(message).toMatch(/^The document took too long to read: more than 0 s/);
  });

  it('stops a reading that runs out of memory, refuses the document, and reads the next one', async () => {
    const parser = createDocumentParser({ maxMemoryMegabytes: 16 });
    const error = await parser
      .parse({ bytes: wordDocument(40_000), name: 'huge.docx', contentType: docxType })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(DocumentParseError);
    expect((error as Error).message).toBe(
      'The document is too large to read: it needs more than 16 MB of memory',
    );
    const next = await parser.parse({
      bytes: new TextEncoder().encode('Still reading.'),
      name: 'next.txt',
      contentType: 'text/plain',
    });
    expect(next.pages).toEqual(['Still reading.']);
  });
});
