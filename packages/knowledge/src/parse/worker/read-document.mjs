// The reading worker: turns one uploaded file into pages of text, off the server's thread, under the
// memory limits it was started with, and is terminated if it takes too long (see read-in-worker.ts).
// Plain JavaScript on purpose: a worker thread does not inherit tsx, so it runs the same under tsx,
// vitest and plain Node.
import { parentPort, workerData } from 'node:worker_threads';
import { readDocx } from './read-docx.mjs';
import { readHtml } from './read-html.mjs';
import { readPdf } from './read-pdf.mjs';
import { decodeText, charsetOf, normalizeLineEndings, Refusal, refuseLongText, requireText } from './text.mjs';

const { format, bytes, contentType, limits, pdfjsDirectory } = workerData;

/** Plain text and Markdown: one page, as uploaded, its line endings normalised. */
function readText() {
  return requireText([normalizeLineEndings(decodeText(bytes, charsetOf(contentType)))]);
}

async function read() {
  const pages = await (async () => {
    switch (format) {
      case 'pdf':
        return readPdf(bytes, limits, pdfjsDirectory, (progress) => parentPort.postMessage({ progress }));
      case 'docx':
        return readDocx(bytes, limits);
      case 'html':
        return readHtml(bytes, contentType, limits);
      default:
        return readText();
    }
  })();
  refuseLongText(
    pages.reduce((total, page) => total + page.length, 0),
    limits.maxTextCharacters,
  );
  return { pages };
}

read().then(
  (result) => parentPort.postMessage(result),
  (error) =>
    parentPort.postMessage(
      error instanceof Refusal
        ? { refusal: error.message }
        : { failure: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } },
    ),
);
