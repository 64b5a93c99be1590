import {
  type DocumentInput,
  DocumentParseError,
  type DocumentParser,
  type ParsedDocument,
} from '@parley/engine';
import { type DocumentFormat, detectFormat, supportedTypes } from './detect-format.js';
import { parseMarkdown } from './parse-markdown.js';
import { type PdfLimits, parsePdf } from './parse-pdf.js';
import { parseText } from './parse-text.js';

export type DocumentParserOptions = PdfLimits;

/** Word and HTML readers (mammoth, html-to-text) are loaded when the first such document comes, not at every start. */
async function parseAs(
  format: DocumentFormat,
  input: DocumentInput,
  options: DocumentParserOptions,
  onProgress?: (fraction: number) => void,
) {
  switch (format) {
    case 'pdf':
      return parsePdf(input.bytes, options, onProgress);
    case 'docx':
      return (await import('./parse-docx.js')).parseDocx(input.bytes);
    case 'html':
      return (await import('./parse-html.js')).parseHtml(input.bytes, input.contentType);
    case 'markdown':
      return parseMarkdown(input.bytes, input.contentType);
    case 'text':
      return parseText(input.bytes, input.contentType);
  }
}

/**
 * Reads PDF, Word (.docx), HTML, Markdown and plain-text documents into pages of text. Every failure
 * is a DocumentParseError whose message can be shown to the user.
 */
export function createDocumentParser(options: DocumentParserOptions = {}): DocumentParser {
  return {
    supported: [...supportedTypes],
    async parse(input: DocumentInput, parseOptions = {}): Promise<ParsedDocument> {
      if (input.bytes.length === 0) {
        throw new DocumentParseError('The document has no text: the file is empty');
      }
      const format = detectFormat(input);
      const onProgress = (parseOptions as { onProgress?: (fraction: number) => void }).onProgress;
      return { pages: await parseAs(format, input, options, onProgress) };
    },
  };
}
