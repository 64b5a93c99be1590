import { DocumentParseError } from '@parley/engine';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parsePdf } from './parse-pdf.js';

const fact = 'Laptops can be returned within 45 days of delivery.';

/** A PDF with one page per entry, each page's lines drawn top-down at the given baselines. */
async function makePdf(pages: Array<Array<{ text: string; y: number; x?: number }>>): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    for (const { text, y, x = 50 } of lines) page.drawText(text, { x, y, size: 12, font });
  }
  return pdf.save();
}

async function returnPolicy(): Promise<Uint8Array> {
  const texts = [
    'Acme return policy. This document explains how returns work.',
    'Shipping: orders leave our warehouse within two business days.',
    `Electronics. ${fact} The laptop must include its charger.`,
    'Clothing can be exchanged for another size at any store.',
    'Contact: write to support@acme.example for anything else.',
  ];
  return makePdf(texts.map((text) => [{ text, y: 780 }]));
}

/** A hand-made PDF: objects numbered from 1, the first the catalog, with a correct cross-reference table. */
function rawPdf(objects: string[], trailer = ''): Uint8Array {
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

const blankPageObjects = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
];

async function parseError(promise: Promise<unknown>): Promise<DocumentParseError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DocumentParseError);
  return error as DocumentParseError;
}

describe('parsePdf', () => {
  it('reads a page of text per PDF page, each on its own page number', async () => {
    const pages = await parsePdf(await returnPolicy());
    expect(pages).toHaveLength(5);
    expect(pages[2]).toContain(fact);
    expect(pages.filter((page) => page.includes('45 days'))).toHaveLength(1);
    expect(pages[0]).toBe('Acme return policy. This document explains how returns work.');
  });

  it('leaves the bytes it was given intact', async () => {
    const bytes = await returnPolicy();
    const length = bytes.length;
    await parsePdf(bytes);
    expect(bytes.length).toBe(length);
  });

  it('keeps words apart, breaks lines, and leaves a blank line at a paragraph gap', async () => {
    const bytes = await makePdf([
      [
        { text: 'Returns', y: 780 },
        { text: 'policy', y: 780, x: 110 },
        { text: 'First line of the paragraph', y: 740 },
        { text: 'second line of the paragraph.', y: 726 },
        { text: 'A new paragraph.', y: 680 },
      ],
    ]);
    const [page] = await parsePdf(bytes);
    expect(page).toBe(
      'Returns policy\n\nFirst line of the paragraph\nsecond line of the paragraph.\n\nA new paragraph.',
    );
  });

  it('refuses a truncated PDF as damaged, not by running out of time', async () => {
    const bytes = await returnPolicy();
    // Were pdf.js left waiting for the missing bytes, the reading would end at its time limit, saying so.
    const error = await parseError(
      parsePdf(bytes.slice(0, Math.floor(bytes.length * 0.6)), { timeoutMilliseconds: 20_000 }),
    );
    expect(error.message).toBe('The PDF could not be read: it is damaged or not a PDF');
  });

  it('refuses a garbled PDF as damaged', async () => {
    const bytes = await returnPolicy();
    for (let index = 200; index < bytes.length - 100; index++) bytes[index] = (bytes[index]! * 7 + 13) & 0xff;
    const error = await parseError(parsePdf(bytes));
    expect(error.message).toMatch(/damaged or not a PDF/);
  });

  it('refuses bytes that are not a PDF at all', async () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_value, index) => (index * 2654435761) >>> 24);
    expect((await parseError(parsePdf(bytes))).message).toMatch(/damaged or not a PDF/);
  });

  it('refuses an encrypted PDF', async () => {
    const key = `<${'ab'.repeat(32)}>`;
    const bytes = rawPdf(
      [...blankPageObjects, `<< /Filter /Standard /V 1 /R 2 /O ${key} /U ${key} /P -4 >>`],
      `/Encrypt 4 0 R /ID [<${'cd'.repeat(16)}> <${'cd'.repeat(16)}>]`,
    );
    expect((await parseError(parsePdf(bytes))).message).toBe('The PDF could not be read: it is encrypted');
  });

  it('explains that a PDF without a text layer needs OCR', async () => {
    const error = await parseError(parsePdf(rawPdf(blankPageObjects)));
    expect(error.message).toMatch(/^The document has no text: .*no text layer.*OCR/);
  });

  it('refuses a PDF with more pages than the limit before reading them', async () => {
    const pdf = await PDFDocument.create();
    for (let index = 0; index < 2001; index++) pdf.addPage([100, 100]);
    const error = await parseError(parsePdf(await pdf.save()));
    expect(error.message).toBe('The PDF has too many pages: 2,001 (Parley reads at most 2,000)');
    const small = await parseError(parsePdf(await returnPolicy(), { maxPages: 4 }));
    expect(small.message).toMatch(/too many pages: 5/);
  });
});
