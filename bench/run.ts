/**
 * `pnpm bench`: times the store in this process, then starts the model server and Parley in their
 * own processes and measures execute overhead, time to the first token, throughput and memory, plus
 * two diagnostics (what a model call costs per client; Parley with its offline model); stops
 * everything, prints a markdown table and writes bench/results/latest.json (and a dated copy).
 * docs/benchmarks.md describes the method and the results.
 *
 * Settings (environment): BENCH_REQUESTS (2000), BENCH_WARMUP_REQUESTS (500), BENCH_STREAM_REQUESTS
 * (2000), BENCH_CONNECTIONS (32), BENCH_DURATION (15 s), BENCH_WARMUP_SECONDS (3), BENCH_STORE_WRITES
 * (20000), BENCH_STORE_MESSAGES (100000), BENCH_STORE_SESSIONS (10000), BENCH_BASELINE_SECONDS (5),
 * BENCH_DATABASE_URL (Parley on PostgreSQL, in a schema of its own dropped after; embedded without it),
 * BENCH_ONLY (a comma list of store, overhead, first-token, model-client, throughput, offline),
 * BENCH_CPU_PROF=1 (profile Parley with --cpu-prof and summarise it; the profiler slows Parley, so
 * the numbers of such a run are not the benchmark's).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runParts } from './phases.js';
import { installCleanup, stopAllChildren } from './processes.js';
import { markdown } from './report.js';
import { addChecks, currentCommit, machine, type Results, sourceFingerprint } from './results.js';
import { log, only, resultsFolder, settings } from './settings.js';

async function main(): Promise<void> {
  installCleanup();
  const results: Results = {
    startedAt: new Date().toISOString(),
    machine: machine(),
    loadAverage: { before: Number(os.loadavg()[0]?.toFixed(2)), after: null },
    commit: currentCommit(),
    sourceFingerprint: sourceFingerprint(),
    sourceFingerprintAtEnd: null,
    settings: { ...settings, only },
    interference: {},
    checks: [],
  };
  try {
    await runParts(results);
  } catch (error) {
    // Keep what was measured before the failure; the run still fails.
    results.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await stopAllChildren();
  }
  finish(results);
  if (results.error) {
    process.stderr.write(`bench failed: ${results.error}\n`);
    process.exitCode = 1;
  }
}

/** Checks, the JSON files and the printed table, also after a failure (with what was measured). */
function finish(results: Results): void {
  results.loadAverage.after = Number(os.loadavg()[0]?.toFixed(2));
  results.sourceFingerprintAtEnd = sourceFingerprint();
  if (results.sourceFingerprintAtEnd !== results.sourceFingerprint) {
    log(
      'WARNING: the sources under packages/ changed during the run; its numbers mix two versions of the code',
    );
  }
  addChecks(results);
  mkdirSync(resultsFolder, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(path.join(resultsFolder, 'latest.json'), json);
  writeFileSync(path.join(resultsFolder, `run-${results.startedAt.replace(/[:.]/g, '-')}.json`), json);
  process.stdout.write(`${JSON.stringify(results)}\n\n${markdown(results)}\n`);
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
