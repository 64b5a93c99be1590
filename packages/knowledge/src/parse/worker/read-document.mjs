// The reading worker: turns one uploaded file into pages of text, off the server's thread, under the
// memory limits it was started with, and is terminated if it takes too long (see read-in-worker.ts).
// Plain JavaScript on purpose: a worker thread does not inherit tsx, so it runs the same under tsx,
// vitest and plain Node.
import { parentPort, workerData } from 'node:worker_threads';
import {
  charsetOf,
  decodeText,
  normalizeLineEndings,
  Refusal,
  refuseLongText,
  requireText,
} from './text.mjs';
import { markdownHeadings } from './headings.mjs';

const { format, bytes, contentType, limits, pdfjsDirectory } = workerData;

/** Plain text and Markdown: one page, as uploaded, its line endings normalised. */
function readText() {
  return requireText([normalizeLineEndings(decodeText(bytes, charsetOf(contentType)))]);
}

/** Markdown: one page as uploaded, and its `#`–`###` headings. */
function readMarkdown() {
  const pages = readText();
  return { pages, headings: markdownHeadings(pages[0]) };
}

async function read() {
  const { pages, headings } = await (async () => {
    switch (format) {
      // Each reader loads its library only when it is needed: a text file loads none.
      case 'pdf': {
        const { readPdf } = await import('./read-pdf.mjs');
        return {
          pages: await readPdf(bytes, limits, pdfjsDirectory, (progress) => parentPort.postMessage({ progress })),
        };
      }
      case 'docx': {
        const { readDocx } = await import('./read-docx.mjs');
        return { pages: await readDocx(bytes, limits) };
      }
      case 'html': {
        const { readHtml } = await import('./read-html.mjs');
        return readHtml(bytes, contentType, limits);
      }
      case 'markdown':
        return readMarkdown();
      default:
        return { pages: readText() };
    }
  })();
  refuseLongText(
    pages.reduce((total, page) => total + page.length, 0),
    limits.maxTextCharacters,
  );
  return headings ? { pages, headings } : { pages };
}

/** A refusal's message as it is; a stack overflow (a structure nested too deeply for a library) in words. */
function answerFor(error) {
  if (error instanceof Refusal) return { refusal: error.message };
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return { refusal: 'The document is too complex to read: it is nested too deeply' };
  }
  return { failure: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } };
}

read().then(
  (result) => parentPort.postMessage(result),
  (error) => parentPort.postMessage(answerFor(error)),
);
