import { performance } from 'node:perf_hooks';

/** How long one slice of background work may hold the event loop before letting requests in. */
export const sliceMilliseconds = 10;

/** Lets everything already waiting (requests, timers, I/O) run before the caller continues. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `work` on each item, in order, yielding to the event loop whenever a slice has taken
 * `sliceMilliseconds` (an asynchronous `work` is awaited): long background work (chunking, indexing) never blocks requests for long.
 */
export async function forEachInSlices<T>(
  items: Iterable<T>,
  work: (item: T) => void | Promise<void>,
): Promise<void> {
  let sliceStarted = performance.now();
  for (const item of items) {
    await work(item);
    if (performance.now() - sliceStarted >= sliceMilliseconds) {
      await yieldToEventLoop();
      sliceStarted = performance.now();
    }
  }
}
