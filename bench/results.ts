/** What a bench run records: the machine, which code ran, the measurements and the checks against the targets. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProfileSummary } from './cpu-profile.js';
import type { ExecuteOverheadResult } from './execute-overhead.js';
import type { FirstTokenResult } from './first-token.js';
import type { ModelClientCostResult } from './model-client-cost.js';
import type { OfflineModelResult } from './offline-model.js';
import { type Interference, repositoryRoot } from './processes.js';
import { settings } from './settings.js';
import type { StoreWriteResult } from './store-write.js';
import type { ThroughputResult } from './throughput.js';

export interface Results {
  startedAt: string;
  machine: { cpus: number; model: string; node: string; platform: string; memoryGiB: number };
  /** 1-minute load average before and after: other work on the machine skews every number. */
  loadAverage: { before: number; after: number | null };
  commit: string | null;
  /** SHA-256 of every file under each packages/<name>/src (sorted by path): which code ran, committed or not. */
  sourceFingerprint: string;
  /** The same at the end; when it differs, the sources changed during the run and its numbers mix code. */
  sourceFingerprintAtEnd: string | null;
  settings: typeof settings & { only: string[] };
  executeOverhead?: ExecuteOverheadResult;
  firstToken?: FirstTokenResult;
  modelClientCost?: ModelClientCostResult;
  throughput?: ThroughputResult;
  parleyMemory?: { peakRssMiB: number | null; rssAtEndMiB: number | null };
  /** Parley's data folder at the end: how much each execute stores, and whether it compacted. */
  parleyData?: {
    executes: number;
    files: Record<string, number>;
    totalMiB: number;
    bytesPerExecute: number;
    /** The journal generation: how many compactions ran (at start-up or while serving). */
    compactions: number;
  };
  /** Per phase: CPU other programs used meanwhile (cores). Above ~0.1 the phase's numbers are suspect. */
  interference: Record<string, Interference>;
  storeWrite?: StoreWriteResult;
  /** Diagnostic: Parley with the built-in offline model, no upstream call. */
  offlineModel?: OfflineModelResult;
  cpuProfile?: ProfileSummary;
  checks: { name: string; value: string; target: string; pass: boolean }[];
  /** Set when a part failed; the parts before it are kept. */
  error?: string;
}

export function machine(): Results['machine'] {
  return {
    cpus: os.availableParallelism(),
    model: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
  };
}

export function executesSent(results: Results): number {
  const { executeOverhead, firstToken, throughput } = results;
  return (
    (executeOverhead ? executeOverhead.requests + settings.warmupRequests : 0) +
    (firstToken ? firstToken.requests + Math.min(settings.warmupRequests, 200) : 0) +
    (throughput ? throughput.completed + throughput.warmupCompleted : 0)
  );
}

export function dataFolderSummary(folder: string, executes: number): NonNullable<Results['parleyData']> {
  const files: Record<string, number> = {};
  let total = 0;
  let generation = 0;
  for (const name of readdirSync(folder)) {
    const size = statSync(path.join(folder, name)).size;
    files[name] = size;
    total += size;
    const journal = /^journal-(\d+)\.jsonl$/.exec(name);
    if (journal) generation = Math.max(generation, Number(journal[1]));
  }
  return {
    executes,
    files,
    totalMiB: Number((total / 1024 ** 2).toFixed(1)),
    bytesPerExecute: executes > 0 ? Math.round(total / executes) : 0,
    compactions: generation,
  };
}

export function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const packagesFolder = path.join(repositoryRoot, 'packages');
  const files = readdirSync(packagesFolder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.split(path.sep)[1] === 'src' && statSync(path.join(packagesFolder, name)).isFile())
    .sort();
  for (const name of files) {
    hash.update(name);
    hash.update(readFileSync(path.join(packagesFolder, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The checked-out commit, read from .git without running git. */
export function currentCommit(): string | null {
  try {
    const head = readFileSync(path.join(repositoryRoot, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    return readFileSync(path.join(repositoryRoot, '.git', head.slice(5)), 'utf8').trim();
  } catch {
    return null;
  }
}

export function addChecks(results: Results): void {
  const check = (
    name: string,
    value: number,
    unit: string,
    comparison: '<=' | '>=' | '==',
    target: number,
  ) => {
    const pass =
      comparison === '<=' ? value <= target : comparison === '>=' ? value >= target : value === target;
    results.checks.push({
      name,
      value: `${value} ${unit}`.trim(),
      target: `${comparison === '==' ? '=' : comparison === '<=' ? '≤' : '≥'} ${target} ${unit}`.trim(),
      pass,
    });
  };
  const { executeOverhead, throughput, storeWrite } = results;
  if (executeOverhead) {
    check('Execute overhead p50', executeOverhead.overhead.p50, 'ms', '<=', 2);
    check('Execute overhead p99', executeOverhead.overhead.p99, 'ms', '<=', 10);
  }
  if (throughput) {
    check(
      `Throughput (execute, ${throughput.connections} connections)`,
      throughput.requestsPerSecond,
      'req/s',
      '>=',
      1000,
    );
    check(
      'Throughput non-2xx + errors',
      throughput.non2xx + throughput.errors + throughput.timeouts,
      '',
      '==',
      0,
    );
  }
  if (storeWrite)
    check(
      `Store write mean, ${storeWrite.filledMessages} messages ÷ empty`,
      storeWrite.ratio.mean,
      '×',
      '<=',
      1.5,
    );
}
