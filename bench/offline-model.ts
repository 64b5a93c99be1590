/**
 * Diagnostic: Parley with its built-in offline model (no model server, no upstream HTTP call), the
 * same execute requests. What Parley costs without the model client: HTTP, auth, rate limit,
 * validation, engine, store. Compared with the main run it shows what the model call costs Parley.
 */
import { keepAliveClient } from './http-client.js';
import { rounded, type Summary, summarize } from './stats.js';
import { authorization, type BenchTargets, executeBody, executePath } from './targets.js';
import { measureThroughput, type ThroughputResult } from './throughput.js';

export interface OfflineModelResult {
  /** Sequential execute latency, one keep-alive client. */
  sequential: Summary;
  throughput: ThroughputResult;
}

export async function measureOfflineModel(
  targets: BenchTargets,
  options: {
    warmupRequests: number;
    requests: number;
    connections: number;
    durationSeconds: number;
    warmupSeconds: number;
  },
): Promise<OfflineModelResult> {
  const client = keepAliveClient(targets.parleyUrl, authorization(targets));
  const samples: number[] = [];
  try {
    for (let index = 0; index < options.warmupRequests + options.requests; index++) {
      const answered = await client.post(executePath(targets), executeBody);
      if (answered.status !== 200 || !answered.text.includes('built-in offline model')) {
        throw new Error(
          `execute (offline model) answered ${answered.status}: ${answered.text.slice(0, 300)}`,
        );
      }
      if (index >= options.warmupRequests) samples.push(answered.totalMs);
    }
  } finally {
    client.close();
  }
  const throughput = await measureThroughput(targets, {
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    rssSampleIntervalMs: 200,
    baselineSeconds: 0,
  });
  return { sequential: rounded(summarize(samples), 3), throughput };
}
