/**
 * Preloaded into the node by `bench/idle-sockets.ts` with `BENCH_SOCKETS_COLLECT_GARBAGE=1` (with
 * `--expose-gc`): on SIGUSR2, all the garbage V8 can collect, as the inspector's
 * `HeapProfiler.collectGarbage` does (a plain `gc()` collects but keeps the pages, so RSS stays),
 * so the bench can read what the sockets hold apart from the garbage not collected yet.
 * Diagnostics only; never part of a deployment.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
});
