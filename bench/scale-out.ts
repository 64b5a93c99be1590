/**
 * `pnpm bench:scale-out` (issue 12): the same execute load against three topologies in one run,
 * taking turns: one node on the embedded store, one node on PostgreSQL + Redis, two nodes on
 * PostgreSQL + Redis behind nginx (`deploy/nginx.conf`). Each round measures, per topology, the
 * throughput of 32 connections (autocannon, as `pnpm bench`) with the CPU time of every process
 * involved (`scale-out-cpu.ts`), then the sequential execute overhead against the model server.
 * The order of the topologies turns by one each round, so none always goes first. Medians over the
 * rounds are printed as a markdown table; everything is written to
 * bench/results/scale-out-latest.json (and a dated copy). docs/benchmarks.md, "Scale-out (issue 12)".
 *
 * Settings (environment): BENCH_SCALE_ROUNDS (3), BENCH_SCALE_TOPOLOGIES (embedded,postgres,two-nodes),
 * BENCH_CONNECTIONS (32), BENCH_DURATION (15 s), BENCH_WARMUP_SECONDS (3), BENCH_REQUESTS (2000) and
 * BENCH_WARMUP_REQUESTS (500) for the overhead, BENCH_DATABASE_URL (this machine's test database),
 * BENCH_REDIS_URL (this machine's Redis).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sharedRedisUrl } from '@parley/coordination-redis/testing';
import { testDatabaseUrl } from '@parley/store-postgres/testing';
import { type ExecuteOverheadResult, measureExecuteOverhead } from './execute-overhead.js';
import { installCleanup, stopAllChildren, stopChild } from './processes.js';
import { machine } from './results.js';
import { type WindowCpu, watchTopologyCpu } from './scale-out-cpu.js';
import { scaleOutMarkdown } from './scale-out-report.js';
import { startTopology, type Topology, type TopologyName, topologyNames } from './scale-out-topologies.js';
import { startModelServer } from './servers.js';
import { log, resultsFolder, sequentialTimeLimitMs, settings } from './settings.js';
import type { BenchTargets } from './targets.js';
import { measureThroughput, type ThroughputResult } from './throughput.js';

export interface ScaleOutMeasurement {
  round: number;
  topology: TopologyName;
  startedAt: string;
  loadAverage: number[];
  throughput: Omit<ThroughputResult, 'parleyRssMiB'> & { parleyRssMiB: { first: number; max: number } };
  cpu: WindowCpu;
  overhead: ExecuteOverheadResult;
}

export interface ScaleOutResults {
  startedAt: string;
  machine: ReturnType<typeof machine>;
  commit: string;
  uptime: { before: string; after: string | null };
  settings: Record<string, unknown>;
  measurements: ScaleOutMeasurement[];
  error?: string;
}

const rounds = Number(process.env.BENCH_SCALE_ROUNDS || 3);
const chosen = (process.env.BENCH_SCALE_TOPOLOGIES || topologyNames.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of chosen)
  if (!topologyNames.includes(name as TopologyName))
    throw new Error(`BENCH_SCALE_TOPOLOGIES: unknown "${name}" (known: ${topologyNames.join(', ')})`);
const databaseUrl = process.env.BENCH_DATABASE_URL || testDatabaseUrl;
const redisUrl = process.env.BENCH_REDIS_URL || sharedRedisUrl;

function uptime(): string {
  const [one, five, fifteen] = os.loadavg().map((value) => value.toFixed(2));
  return `${new Date().toISOString().slice(11, 19)} UTC, load average ${one}, ${five}, ${fifteen}`;
}

async function measure(
  topology: Topology,
  round: number,
  model: { url: string; pid: number },
): Promise<ScaleOutMeasurement> {
  const targets: BenchTargets = {
    parleyUrl: topology.url,
    modelOrigin: new URL(model.url).origin,
    adminKey: topology.adminKey,
    appId: topology.appId,
    modelRequestBody: topology.modelRequestBody,
    parleyPid: topology.nodes[0]?.pid ?? 0,
    modelPid: model.pid,
  };
  const startedAt = new Date().toISOString();
  const loadAverage = os.loadavg().map((value) => Number(value.toFixed(2)));
  let cpu: WindowCpu | undefined;
  const throughput = await measureThroughput(targets, {
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
    rssSampleIntervalMs: 500,
    baselineSeconds: 0,
    aroundMeasuredRun: async () => {
      const end = await watchTopologyCpu(topology, { databaseUrl, redisUrl, modelPid: model.pid });
      return async () => {
        cpu = await end();
      };
    },
  });
  if (!cpu) throw new Error('the CPU of the measured run was not read');
  const overhead = await measureExecuteOverhead(targets, {
    warmupRequests: settings.warmupRequests,
    requests: settings.requests,
    timeLimitMs: sequentialTimeLimitMs,
  });
  const { parleyRssMiB, ...rest } = throughput;
  return {
    round,
    topology: topology.name,
    startedAt,
    loadAverage,
    throughput: { ...rest, parleyRssMiB: { first: parleyRssMiB.first, max: parleyRssMiB.max } },
    cpu,
    overhead,
  };
}

async function main(): Promise<void> {
  installCleanup();
  const results: ScaleOutResults = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
    uptime: { before: uptime(), after: null },
    settings: {
      rounds,
      topologies: chosen,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      requests: settings.requests,
      warmupRequests: settings.warmupRequests,
      databaseUrl,
      redisUrl,
    },
    measurements: [],
  };
  log(`scale-out: ${rounds} rounds of ${chosen.join(', ')}; ${results.uptime.before}`);
  const model = await startModelServer();
  const topologies: Topology[] = [];
  try {
    for (const name of chosen) {
      log(`starting ${name}`);
      topologies.push(
        await startTopology(name as TopologyName, { modelUrl: model.url, databaseUrl, redisUrl }),
      );
    }
    for (let round = 1; round <= rounds; round++) {
      const order = topologies.map((_, index) => topologies[(index + round - 1) % topologies.length]);
      for (const topology of order) {
        if (!topology) continue;
        log(`round ${round}: ${topology.name} (${uptime()})`);
        const measured = await measure(topology, round, { url: model.url, pid: model.child.pid });
        log(
          `  ${measured.throughput.requestsPerSecond} execute/s, Parley ${measured.throughput.parleyCpuMsPerRequest} ms CPU per execute (node a), ` +
            `overhead p50 ${measured.overhead.overhead.p50} ms p99 ${measured.overhead.overhead.p99} ms`,
        );
        results.measurements.push(measured);
      }
    }
  } catch (error) {
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  } finally {
    for (const topology of topologies) await topology.stop();
    await stopChild(model.child);
  }
  results.uptime.after = uptime();
  mkdirSync(resultsFolder, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(path.join(resultsFolder, 'scale-out-latest.json'), json);
  writeFileSync(path.join(resultsFolder, `scale-out-${results.startedAt.replace(/[:.]/g, '-')}.json`), json);
  process.stdout.write(`${scaleOutMarkdown(results)}\n`);
  if (results.error) {
    process.stderr.write(`bench failed: ${results.error}\n`);
    process.exitCode = 1;
  }
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch(async (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await stopAllChildren();
    process.exit(1);
  });
