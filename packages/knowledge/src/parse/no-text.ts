import { DocumentParseError } from '@parley/engine';

/** Refuses a document whose pages hold nothing but whitespace. */
export function requireText(pages: string[], reason?: string): string[] {
  if (pages.every((page) => page.trim() === '')) {
    throw new DocumentParseError(reason ? `The document has no text: ${reason}` : 'The document has no text');
  }
  return pages;
}
