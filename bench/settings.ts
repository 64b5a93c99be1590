/** The bench's settings (environment variables; see bench/run.ts), its parts and where it writes. */
import path from 'node:path';
import { repositoryRoot } from './processes.js';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

export const settings = {
  requests: setting('BENCH_REQUESTS', 2000),
  warmupRequests: setting('BENCH_WARMUP_REQUESTS', 500),
  streamRequests: setting('BENCH_STREAM_REQUESTS', 2000),
  connections: setting('BENCH_CONNECTIONS', 32),
  durationSeconds: setting('BENCH_DURATION', 15),
  warmupSeconds: setting('BENCH_WARMUP_SECONDS', 3),
  baselineSeconds: setting('BENCH_BASELINE_SECONDS', 5),
  storeWrites: setting('BENCH_STORE_WRITES', 20_000),
  storeMessages: setting('BENCH_STORE_MESSAGES', 100_000),
  storeSessions: setting('BENCH_STORE_SESSIONS', 10_000),
  cpuProfile: process.env['BENCH_CPU_PROF'] === '1',
};
const allParts = ['store', 'overhead', 'first-token', 'model-client', 'throughput', 'offline'] as const;
type Part = (typeof allParts)[number];
export const only = (process.env['BENCH_ONLY'] ?? '')
  .split(',')
  .map((part) => part.trim())
  .filter(Boolean);
const unknownPart = only.find((part) => !allParts.includes(part as Part));
if (unknownPart) throw new Error(`BENCH_ONLY: unknown part "${unknownPart}" (known: ${allParts.join(', ')})`);
export const runs = (part: Part) => only.length === 0 || only.includes(part);

/** Per-phase time limits, so a stuck server cannot hold the run forever. */
export const sequentialTimeLimitMs = 120_000;
export const startTimeoutMs = 30_000;
export const resultsFolder = path.join(repositoryRoot, 'bench', 'results');
export const profileFolder = path.join(resultsFolder, 'profiles');

/** Variables of the caller's shell that would change what Parley or the model server do. */
const strippedVariables = /^(PARLEY_|OPENAI_|PORT$|HOST$|LOG_LEVEL$|DATABASE_URL$|REDIS_URL$)/;

/** `BENCH_DATABASE_URL`: run the Parley under test on PostgreSQL (a schema of its own, dropped after). */
export const benchDatabaseUrl = process.env.BENCH_DATABASE_URL || undefined;

export function cleanEnvironment(): Record<string, string> {
  const cleaned: Record<string, string> = {};
  for (const name of Object.keys(process.env)) if (strippedVariables.test(name)) cleaned[name] = '';
  return cleaned;
}

export const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
export const toMiB = (bytes: number | null) =>
  bytes === null ? null : Number((bytes / 1024 ** 2).toFixed(1));
