import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type DocumentHeading, DocumentParseError, type ParsedDocument } from '@parley/engine';
import type { DocumentFormat } from './detect-format.js';

/** What one document may cost to read. Every limit has a default; the server reads them from its environment. */
export interface ReadLimits {
  /** A PDF with more pages is refused. Default 2,000. */
  maxPages?: number;
  /** Reading longer than this is abandoned (the worker is terminated). Default 120 s. */
  timeoutMilliseconds?: number;
  /** The reading worker's heap: past it the worker is stopped and the document refused. Default 512 MB. */
  maxMemoryMegabytes?: number;
  /** A Word document whose XML parts unzip to more is refused before anything is inflated. Default 16 MB. */
  maxUnzippedBytes?: number;
  /** HTML with elements nested deeper is refused. Default 512 (where browsers' parsers stop nesting). */
  maxHtmlDepth?: number;
  /** A document with more text than this is refused. Default 10 million characters. */
  maxTextCharacters?: number;
  /** Documents read at the same time, each in its own worker; more wait their turn. Default 1. */
  concurrentReads?: number;
}

export const defaultReadLimits: Required<ReadLimits> = {
  maxPages: 2_000,
  timeoutMilliseconds: 120_000,
  maxMemoryMegabytes: 512,
  maxUnzippedBytes: 16_000_000,
  maxHtmlDepth: 512,
  maxTextCharacters: 10_000_000,
  concurrentReads: 1,
};

const pdfjsDirectory = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

type WorkerMessage =
  | { progress: number }
  | { pages: string[]; headings?: DocumentHeading[] }
  | { refusal: string }
  | { failure: { name: string; message: string } };

const internalMessage = 'The document could not be read because of an internal error';

/** What the document's `error` says when its worker stopped on its own (out of memory, crashed). */
function stoppedMessage(error: unknown, limits: Required<ReadLimits>): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `The document is too large to read: it needs more than ${limits.maxMemoryMegabytes} MB of memory`;
  }
  if (error instanceof RangeError) return 'The document is too complex to read: it is nested too deeply';
  return internalMessage;
}

/** Why an unexpected failure in the worker failed the document: PDFs' own failures say the PDF is damaged. */
function failureMessage(format: DocumentFormat): string {
  return format === 'pdf' ? 'The PDF could not be read: it is damaged or not a PDF' : internalMessage;
}

/** Runs one reading worker (see worker/read-document.mjs) to its end: pages, or a DocumentParseError. */
function runWorker(
  format: DocumentFormat,
  bytes: Uint8Array,
  contentType: string | null,
  limits: Required<ReadLimits>,
  onProgress?: (fraction: number) => void,
): Promise<ParsedDocument> {
  return new Promise((resolve, reject) => {
    const copy = new Uint8Array(bytes);
    const worker = new Worker(new URL('./worker/read-document.mjs', import.meta.url), {
      workerData: { format, bytes: copy, contentType, limits, pdfjsDirectory },
      transferList: [copy.buffer],
      execArgv: [],
      resourceLimits: {
        maxOldGenerationSizeMb: limits.maxMemoryMegabytes,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(limits.maxMemoryMegabytes / 8))),
      },
    });
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      settle();
    };
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new DocumentParseError(
              `The document took too long to read: more than ${Math.round(limits.timeoutMilliseconds / 1000)} s (is it damaged, or very large?)`,
            ),
          ),
        ),
      limits.timeoutMilliseconds,
    );
    worker.on('message', (message: WorkerMessage) => {
      if ('progress' in message) onProgress?.(message.progress);
      else if ('pages' in message) {
        const { pages, headings } = message;
        finish(() => resolve(headings && headings.length > 0 ? { pages, headings } : { pages }));
      } else if ('refusal' in message) finish(() => reject(new DocumentParseError(message.refusal)));
      else finish(() => reject(new DocumentParseError(failureMessage(format), { cause: message.failure })));
    });
    worker.once('error', (error) =>
      finish(() => reject(new DocumentParseError(stoppedMessage(error, limits), { cause: error }))),
    );
    worker.once('exit', (code) =>
      finish(() => reject(new DocumentParseError(internalMessage, { cause: code }))),
    );
  });
}

/** At most `concurrentReads` workers at once; the rest wait in order. */
export class WorkerQueue {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limits: Required<ReadLimits>) {}

  async read(
    format: DocumentFormat,
    bytes: Uint8Array,
    contentType: string | null,
    onProgress?: (fraction: number) => void,
  ): Promise<ParsedDocument> {
    if (this.#running >= Math.max(1, this.limits.concurrentReads)) {
      // The finishing read hands its place over: `#running` stays as it is.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await runWorker(format, bytes, contentType, this.limits, onProgress);
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running -= 1;
    }
  }
}
