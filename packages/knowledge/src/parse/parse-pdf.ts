import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DocumentParseError } from '@parley/engine';
import type { TextContent } from 'pdfjs-dist/types/src/display/api.js';
import { requireText } from './no-text.js';
import { normalizePageText } from './normalize-text.js';
import { pageText } from './pdf-page-text.js';

export interface PdfLimits {
  /** More pages than this is refused. Default 2,000. */
  maxPages?: number;
  /** Reading longer than this is abandoned. Default 120 s. */
  timeoutMilliseconds?: number;
}

const pdfjsDirectory = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

const damagedMessage = 'The PDF could not be read: it is damaged or not a PDF';

type WorkerItem = { str: string; hasEOL: boolean; transform: number[]; height: number };
type WorkerResult =
  | { progress: number }
  | { pages: WorkerItem[][] }
  | { tooManyPages: number }
  | { failure: { name: string; message: string } };

function failureMessage(name: string): string {
  return name === 'PasswordException' ? 'The PDF could not be read: it is encrypted' : damagedMessage;
}

/** Runs pdf.js in a worker thread that ends with the reading (see pdf-worker.mjs). */
function readInWorker(
  bytes: Uint8Array,
  maxPages: number,
  timeoutMilliseconds: number,
  onProgress?: (fraction: number) => void,
): Promise<Exclude<WorkerResult, { progress: number }>> {
  return new Promise((resolve, reject) => {
    const copy = new Uint8Array(bytes);
    const worker = new Worker(new URL('./pdf-worker.mjs', import.meta.url), {
      workerData: { bytes: copy, maxPages, pdfjsDirectory },
      transferList: [copy.buffer],
      execArgv: [],
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new DocumentParseError('The PDF could not be read: it took too long (is it damaged?)'));
    }, timeoutMilliseconds);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      settle();
    };
    worker.on('message', (result: WorkerResult) => {
      if ('progress' in result) onProgress?.(result.progress);
      else finish(() => resolve(result));
    });
    worker.once('error', (error) =>
      finish(() => reject(new DocumentParseError(damagedMessage, { cause: error }))),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new DocumentParseError(damagedMessage, { cause: code }))),
    );
  });
}

/** A PDF: one page of text per PDF page, in order. */
export async function parsePdf(
  bytes: Uint8Array,
  limits: PdfLimits = {},
  onProgress?: (fraction: number) => void,
): Promise<string[]> {
  const { maxPages = 2000, timeoutMilliseconds = 120_000 } = limits;
  const result = await readInWorker(bytes, maxPages, timeoutMilliseconds, onProgress);
  if ('failure' in result) throw new DocumentParseError(failureMessage(result.failure.name));
  if ('tooManyPages' in result) {
    throw new DocumentParseError(
      `The PDF has too many pages: ${result.tooManyPages.toLocaleString('en-US')} (Parley reads at most ${maxPages.toLocaleString('en-US')})`,
    );
  }
  const pages = result.pages.map((items) =>
    normalizePageText(pageText({ items, styles: {}, lang: null } as unknown as TextContent)),
  );
  return requireText(pages, 'the PDF has no text layer; scanned PDFs need OCR, which Parley does not do');
}
