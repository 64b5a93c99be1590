/**
 * Preloaded into the node by `bench/idle-sockets.ts` with `BENCH_SOCKETS_COLLECT_GARBAGE=1` (with
 * `--expose-gc`): a full garbage collection on SIGUSR2, so the bench can read what the sockets hold
 * apart from the garbage V8 has not collected yet. Diagnostics only; never part of a deployment.
 */
process.on('SIGUSR2', () => {
  globalThis.gc?.();
});
