import { describe, expect, it } from 'vitest';
import { servedTypeOf } from './document-originals.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('the type an original is served as', () => {
  it('is a PDF only for bytes that start as a PDF does', () => {
    expect(servedTypeOf(bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
  });

  it('is plain text for anything else, an HTML page that mentions %PDF- included', () => {
    expect(servedTypeOf(bytes('<html><script>alert(1)</script>%PDF-1.7</html>'))).toBe(
      'text/plain; charset=utf-8',
    );
    expect(servedTypeOf(bytes(' %PDF-1.7'))).toBe('text/plain; charset=utf-8');
    expect(servedTypeOf(bytes('# Returns\n\nLaptops within 45 days.'))).toBe('text/plain; charset=utf-8');
    expect(servedTypeOf(new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('text/plain; charset=utf-8');
  });
});
