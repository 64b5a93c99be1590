// Loaded into a benchmarked server with `node --import`: every 250 ms, prints the longest event-loop
// delay of those 250 ms (perf_hooks.monitorEventLoopDelay), for bench/hostile-ingestion.ts to read.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
setInterval(() => {
  process.stdout.write(`event-loop-delay-max-ms ${(histogram.max / 1e6).toFixed(1)}\n`);
  histogram.reset();
}, 250).unref();
