import { charsetOf, decodeText } from './decode-text.js';
import { requireText } from './no-text.js';
import { normalizeLineEndings } from './normalize-text.js';

/** Plain text: one page, the text as uploaded with its line endings normalised. */
export function parseText(bytes: Uint8Array, contentType: string | null = null): string[] {
  return requireText([normalizeLineEndings(decodeText(bytes, charsetOf(contentType)))]);
}
