import { type DocumentInput, DocumentParseError } from '@parley/engine';
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { createDocumentParser } from './document-parser.js';

const parser = createDocumentParser();
const encode = (value: string) => new TextEncoder().encode(value);

function input(name: string, bytes: Uint8Array | string, contentType: string | null = null): DocumentInput {
  return { name, bytes: typeof bytes === 'string' ? encode(bytes) : bytes, contentType };
}

async function failure(document: DocumentInput): Promise<string> {
  const error = await parser.parse(document).then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  return (error as DocumentParseError).message;
}

async function wordDocument(paragraphs: string[]): Promise<Uint8Array> {
  const document = new Document({
    sections: [{ children: paragraphs.map((text) => new Paragraph({ text })) }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

describe('createDocumentParser', () => {
  it('lists the media types and extensions it reads', () => {
    expect(parser.supported).toEqual(
      expect.arrayContaining(['application/pdf', '.pdf', '.docx', 'text/html', '.md', '.markdown', '.txt']),
    );
  });

  it('reads a Word document, a blank line between paragraphs', async () => {
    const bytes = await wordDocument(['Laptops can be returned within 45 days.', 'Opened software cannot.']);
    const { pages } = await parser.parse(input('policy.docx', bytes));
    expect(pages).toEqual(['Laptops can be returned within 45 days.\n\nOpened software cannot.']);
  });

  it('reads the visible text of HTML, without scripts, styles or navigation', async () => {
    const html = `<!doctype html><html><head><title>Policy</title><style>p { color: red }</style></head>
      <body><nav><a href="/">Home</a></nav><h1>Returns</h1>
      <p>Laptops can be   returned within <b>45</b> days. See <a href="https://acme.example/r">the form</a>.</p>
      <script>window.track("secret")</script><img src="x.png" alt="logo"></body></html>`;
    const { pages } = await parser.parse(input('policy.html', html, 'text/html; charset=utf-8'));
    expect(pages).toEqual(['Returns\n\nLaptops can be returned within 45 days. See the form.']);
  });

  it('honours the charset an HTML page declares', async () => {
    const bytes = Uint8Array.from([
      ...encode('<meta charset="windows-1252"><p>Caf'),
      0xe9,
      ...encode('</p>'),
    ]);
    expect((await parser.parse(input('menu.html', bytes))).pages).toEqual(['Café']);
  });

  it('keeps Markdown as written, line endings normalised', async () => {
    const markdown = '# Returns\r\n\r\n- **Laptops**: 45 days\r\n-   `code`  spacing kept\r\n';
    const { pages } = await parser.parse(input('returns.md', markdown));
    expect(pages).toEqual(['# Returns\n\n- **Laptops**: 45 days\n-   `code`  spacing kept\n']);
  });

  it('reads plain text, in UTF-8 or UTF-16 with a byte-order mark', async () => {
    expect((await parser.parse(input('notes.txt', '\uFEFFÜber 45 Tage'))).pages).toEqual(['Über 45 Tage']);
    const utf16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from('Hello', 'utf16le')]);
    expect((await parser.parse(input('notes.txt', utf16))).pages).toEqual(['Hello']);
  });

  it('refuses binary data passed off as text', async () => {
    expect(await failure(input('notes.txt', Uint8Array.of(0x48, 0x69, 0x00, 0x21)))).toMatch(/binary data/);
    expect(await failure(input('notes.txt', Uint8Array.of(0x48, 0xc3, 0x28)))).toMatch(/binary data/);
  });

  it('says an empty or blank document has no text', async () => {
    expect(await failure(input('empty.txt', ''))).toMatch(/^The document has no text/);
    expect(await failure(input('blank.md', ' \n\n\t'))).toBe('The document has no text');
  });

  it('refuses random bytes named .pdf as a damaged PDF', async () => {
    const bytes = Uint8Array.from({ length: 2048 }, (_value, index) => (index * 2654435761) >>> 24);
    expect(await failure(input('scan.pdf', bytes))).toBe(
      'The PDF could not be read: it is damaged or not a PDF',
    );
  });

  it('refuses damaged Word documents and old .doc files renamed .docx', async () => {
    expect(await failure(input('policy.docx', 'not a zip'))).toBe(
      'The Word document could not be read: it is damaged or not a .docx file',
    );
    const compound = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0);
    expect(await failure(input('policy.docx', compound))).toMatch(/encrypted, or in the old \.doc format/);
  });

  it('refuses an unsupported file type, listing the supported ones', async () => {
    const message = await failure(
      input(
        'sales.xlsx',
        'PK\u0003\u0004',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ),
    );
    expect(message).toBe(
      'Unsupported file type: .xlsx (supported: .pdf, .docx, .html, .htm, .md, .markdown, .txt)',
    );
  });
});
