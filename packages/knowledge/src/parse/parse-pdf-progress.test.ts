import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { createDocumentParser } from './document-parser.js';

describe('PDF reading progress', () => {
  it('reports rising fractions by page, ending at 1', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let page = 1; page <= 40; page += 1) {
      pdf.addPage([300, 300]).drawText(`Page ${page} of the handbook.`, { x: 20, y: 250, size: 10, font });
    }
    const fractions: number[] = [];
    const parsed = await createDocumentParser().parse(
      { bytes: await pdf.save(), name: 'handbook.pdf', contentType: 'application/pdf' },
      { onProgress: (fraction) => fractions.push(fraction) },
    );
    expect(parsed.pages).toHaveLength(40);
    expect(fractions.length).toBeGreaterThanOrEqual(10);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((fraction, index) => index === 0 || fraction > (fractions[index - 1] ?? 0))).toBe(
      true,
    );
    expect(fractions.every((fraction) => fraction > 0 && fraction <= 1)).toBe(true);
  });
});
