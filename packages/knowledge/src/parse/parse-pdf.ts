import { defaultReadLimits, type ReadLimits, WorkerQueue } from './read-in-worker.js';

/** A PDF: one page of text per PDF page, in order, read in a worker thread (see read-in-worker.ts). */
export function parsePdf(
  bytes: Uint8Array,
  limits: ReadLimits = {},
  onProgress?: (fraction: number) => void,
): Promise<string[]> {
  return new WorkerQueue({ ...defaultReadLimits, ...limits })
    .read('pdf', bytes, null, onProgress)
    .then((document) => document.pages);
}
