import { DocumentParseError } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { detectFormat, extensionOf } from './detect-format.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('detectFormat', () => {
  it.each([
    ['application/pdf', 'notes.txt', 'pdf'],
    ['text/plain; charset=utf-8', 'notes', 'text'],
    ['TEXT/HTML', 'page', 'html'],
    ['text/markdown', 'readme', 'markdown'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'x', 'docx'],
    [null, 'Return-Policy.PDF', 'pdf'],
    ['application/octet-stream', 'guide.md', 'markdown'],
    ['', 'guide.markdown', 'markdown'],
    [null, 'index.htm', 'html'],
    ['text/csv', 'export.txt', 'text'],
  ] as const)('%s named %s is %s', (contentType, name, format) => {
    expect(detectFormat({ bytes: text('hello'), name, contentType })).toBe(format);
  });

  it('sniffs the bytes when neither the media type nor the name tells', () => {
    const detect = (value: string | Uint8Array) =>
      detectFormat({
        bytes: typeof value === 'string' ? text(value) : value,
        name: 'upload',
        contentType: 'application/octet-stream',
      });
    expect(detect('%PDF-1.7\n')).toBe('pdf');
    expect(detect('  <!DOCTYPE html><html></html>')).toBe('html');
    expect(detect('plain words')).toBe('text');
    expect(detect(text('PK\u0003\u0004....word/document.xml....'))).toBe('docx');
    expect(() => detect(text('PK\u0003\u0004....xl/workbook.xml'))).toThrow(
      /^Unsupported file type \(supported:/,
    );
    expect(() => detect(Uint8Array.of(0, 1, 2, 3))).toThrow(DocumentParseError);
  });

  it('refuses other types, naming the extension and the supported ones', () => {
    const detect = (name: string, contentType: string | null) => () =>
      detectFormat({ bytes: text('PK\u0003\u0004'), name, contentType });
    expect(detect('sales.xlsx', null)).toThrow(
      'Unsupported file type: .xlsx (supported: .pdf, .docx, .html, .htm, .md, .markdown, .txt)',
    );
    expect(detect('old.doc', 'application/msword')).toThrow(/\.doc .*save it as \.docx$/);
    expect(detect('upload', 'image/png')).toThrow(/^Unsupported file type: image\/png \(supported:/);
  });
});

describe('extensionOf', () => {
  it('reads the last extension of the base name, in lower case', () => {
    expect(extensionOf('a/b.c/Report.Final.PDF')).toBe('.pdf');
    expect(extensionOf('C:\\docs\\notes.TXT')).toBe('.txt');
    expect(extensionOf('.bashrc')).toBeNull();
    expect(extensionOf('README')).toBeNull();
    expect(extensionOf('trailing.')).toBeNull();
  });
});
