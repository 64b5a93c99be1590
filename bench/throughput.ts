/**
 * 2. Throughput: autocannon with many connections on POST /v1/apps/:id/execute. The body is fixed
 * and has no `session_id`, so every request opens a new session. While it runs, Parley's RSS is
 * sampled from /proc and the CPU time of each process is read before and after.
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import { processCpuSeconds, procStatusBytes } from './processes.js';
import { authorization, type BenchTargets, executeBody, executePath, modelPath } from './targets.js';

export interface ThroughputOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rssSampleIntervalMs: number;
  /** Seconds of the same load straight at the model server, as a ceiling for this machine (0: skip). */
  baselineSeconds: number;
  /** Called just before the measured run (after the warm-up); what it returns is called just after it. */
  aroundMeasuredRun?: () => Promise<() => Promise<void>>;
}

export interface ThroughputResult {
  connections: number;
  durationSeconds: number;
  /** 2xx answers per second over the whole run. */
  requestsPerSecond: number;
  /** autocannon's per-second samples. */
  requestsPerSecondSamples: { mean: number; min: number; max: number };
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  completed: number;
  /** 2xx answers of the warm-up run (not measured). */
  warmupCompleted: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Parley's RSS sampled during the measured run, in MiB. */
  parleyRssMiB: { first: number; max: number; last: number; samples: number; perSecond: number[] };
  /** CPU seconds used during the measured run per process, and as a share of one core. */
  cpu: Record<'parley' | 'modelServer' | 'loadGenerator', { seconds: number; coreShare: number }>;
  /** Parley's CPU time per answered execute during the measured run. */
  parleyCpuMsPerRequest: number;
  /** The same autocannon load on the model server's /v1/chat/completions (Parley idle). */
  modelServerBaseline: {
    requestsPerSecond: number;
    latencyMs: { p50: number; p99: number };
    non2xx: number;
  } | null;
}

const mebibyte = 1024 * 1024;

interface LoadTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function executeTarget(targets: BenchTargets): LoadTarget {
  return {
    url: `${targets.parleyUrl}${executePath(targets)}`,
    headers: { ...authorization(targets), 'content-type': 'application/json' },
    body: executeBody,
  };
}

function run(target: LoadTarget, connections: number, durationSeconds: number): Promise<AutocannonResult> {
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: target.body,
    connections,
    duration: durationSeconds,
    timeout: 30,
  });
  const guard = setTimeout(() => instance.stop(), (durationSeconds + 60) * 1000);
  return Promise.resolve(instance).finally(() => clearTimeout(guard));
}

function cpuSeconds(pid: number): number {
  return processCpuSeconds(pid) ?? Number.NaN;
}

export async function measureThroughput(
  targets: BenchTargets,
  options: ThroughputOptions,
): Promise<ThroughputResult> {
  const execute = executeTarget(targets);
  let modelServerBaseline: ThroughputResult['modelServerBaseline'] = null;
  if (options.baselineSeconds > 0) {
    const baseline = await run(
      {
        url: `${targets.modelOrigin}${modelPath}`,
        headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
        body: JSON.stringify(targets.modelRequestBody),
      },
      options.connections,
      options.baselineSeconds,
    );
    modelServerBaseline = {
      requestsPerSecond: Math.round(baseline['2xx'] / baseline.duration),
      latencyMs: { p50: baseline.latency.p50, p99: baseline.latency.p99 },
      non2xx: baseline.non2xx + baseline.errors,
    };
  }
  const warmup =
    options.warmupSeconds > 0 ? await run(execute, options.connections, options.warmupSeconds) : null;

  const rssSamples: number[] = [];
  const sample = () => {
    const rss = procStatusBytes(targets.parleyPid, 'VmRSS');
    if (rss !== null) rssSamples.push(rss);
  };
  sample();
  const sampler = setInterval(sample, options.rssSampleIntervalMs);
  const measuredRunEnded = await options.aroundMeasuredRun?.();
  const parleyBefore = cpuSeconds(targets.parleyPid);
  const modelBefore = cpuSeconds(targets.modelPid);
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  let result: AutocannonResult;
  try {
    result = await run(execute, options.connections, options.durationSeconds);
  } finally {
    clearInterval(sampler);
  }
  await measuredRunEnded?.();
  const elapsedSeconds = (performance.now() - started) / 1000;
  sample();
  const own = process.cpuUsage(ownBefore);
  const parleySeconds = cpuSeconds(targets.parleyPid) - parleyBefore;
  const share = (seconds: number) => ({
    seconds: Number(seconds.toFixed(2)),
    coreShare: Number((seconds / elapsedSeconds).toFixed(2)),
  });

  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) statusCodes[code] = stats.count;
  const toMiB = (bytes: number) => Number((bytes / mebibyte).toFixed(1));
  return {
    connections: options.connections,
    durationSeconds: result.duration,
    requestsPerSecond: Math.round(result['2xx'] / result.duration),
    requestsPerSecondSamples: {
      mean: result.requests.mean,
      min: result.requests.min,
      max: result.requests.max,
    },
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    completed: result['2xx'],
    warmupCompleted: warmup?.['2xx'] ?? 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    parleyRssMiB: {
      first: toMiB(rssSamples[0] ?? Number.NaN),
      max: toMiB(Math.max(...rssSamples)),
      last: toMiB(rssSamples.at(-1) ?? Number.NaN),
      samples: rssSamples.length,
      perSecond: rssSamples
        .filter((_, index) => index % Math.max(1, Math.round(1000 / options.rssSampleIntervalMs)) === 0)
        .map(toMiB),
    },
    cpu: {
      parley: share(parleySeconds),
      modelServer: share(cpuSeconds(targets.modelPid) - modelBefore),
      loadGenerator: share((own.user + own.system) / 1e6),
    },
    parleyCpuMsPerRequest: Number(((parleySeconds * 1000) / Math.max(1, result['2xx'])).toFixed(3)),
    modelServerBaseline,
  };
}
