import { parseText } from './parse-text.js';

/**
 * Markdown: one page holding the Markdown source itself, only its line endings normalised, so that
 * excerpts quote exactly what the user uploaded.
 */
export function parseMarkdown(bytes: Uint8Array, contentType: string | null = null): string[] {
  return parseText(bytes, contentType);
}
