import {
  type DocumentInput,
  DocumentParseError,
  type DocumentParser,
  type ParsedDocument,
} from '@parley/engine';
import { detectFormat, supportedTypes } from './detect-format.js';
import { defaultReadLimits, type ReadLimits, WorkerQueue } from './read-in-worker.js';

export type DocumentParserOptions = ReadLimits;

/**
 * Reads PDF, Word (.docx), HTML, Markdown and plain-text documents into pages of text, each in a
 * worker thread with memory and time limits (a few at a time, the rest queued), so that no document
 * can stall or crash the server. Every failure is a DocumentParseError whose message can be shown
 * to the user.
 */
export function createDocumentParser(options: DocumentParserOptions = {}): DocumentParser {
  const queue = new WorkerQueue({ ...defaultReadLimits, ...definedOnly(options) });
  return {
    supported: [...supportedTypes],
    async parse(input: DocumentInput, parseOptions = {}): Promise<ParsedDocument> {
      if (input.bytes.length === 0) {
        throw new DocumentParseError('The document has no text: the file is empty');
      }
      const format = detectFormat(input);
      const onProgress = (parseOptions as { onProgress?: (fraction: number) => void }).onProgress;
      return queue.read(format, input.bytes, input.contentType, onProgress);
    },
  };
}

/** The options that are set: an absent setting keeps its default. */
function definedOnly(options: ReadLimits): ReadLimits {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
