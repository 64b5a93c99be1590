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
 * BENCH_ONLY (a comma list of store, overhead, first-token, model-client, throughput, offline),
 * BENCH_CPU_PROF=1 (profile Parley with --cpu-prof and summarise it; the profiler slows Parley, so
 * the numbers of such a run are not the benchmark's).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderTemplate } from '@parley/engine';
import { type ProfileSummary, profileSummaryMarkdown, summarizeCpuProfile } from './cpu-profile.js';
import { type ExecuteOverheadResult, measureExecuteOverhead } from './execute-overhead.js';
import { type FirstTokenResult, measureFirstToken } from './first-token.js';
import { getJson, postJson } from './http-client.js';
import { type ModelClientCostResult, measureModelClientCost } from './model-client-cost.js';
import { measureOfflineModel, type OfflineModelResult } from './offline-model.js';
import {
  freePort,
  type Interference,
  installCleanup,
  procStatusBytes,
  type RunningChild,
  repositoryRoot,
  spawnChild,
  stopAllChildren,
  stopChild,
  temporaryFolder,
  waitForHealthy,
  watchInterference,
} from './processes.js';
import { measureStoreWrites, type StoreWriteResult } from './store-write.js';
import { type BenchTargets, executeMessage } from './targets.js';
import { measureThroughput, type ThroughputResult } from './throughput.js';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

const settings = {
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
const only = (process.env['BENCH_ONLY'] ?? '')
  .split(',')
  .map((part) => part.trim())
  .filter(Boolean);
const unknownPart = only.find((part) => !allParts.includes(part as Part));
if (unknownPart) throw new Error(`BENCH_ONLY: unknown part "${unknownPart}" (known: ${allParts.join(', ')})`);
const runs = (part: Part) => only.length === 0 || only.includes(part);

/** Per-phase time limits, so a stuck server cannot hold the run forever. */
const sequentialTimeLimitMs = 120_000;
const startTimeoutMs = 30_000;
const resultsFolder = path.join(repositoryRoot, 'bench', 'results');
const profileFolder = path.join(resultsFolder, 'profiles');

/** Variables of the caller's shell that would change what Parley or the model server do. */
const strippedVariables = /^(PARLEY_|OPENAI_|PORT$|HOST$|LOG_LEVEL$)/;

function cleanEnvironment(): Record<string, string> {
  const cleaned: Record<string, string> = {};
  for (const name of Object.keys(process.env)) if (strippedVariables.test(name)) cleaned[name] = '';
  return cleaned;
}

interface Results {
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

function machine(): Results['machine'] {
  return {
    cpus: os.availableParallelism(),
    model: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
  };
}

async function startModelServer(): Promise<{ child: RunningChild; url: string }> {
  const child = spawnChild({
    name: 'model server',
    script: 'test/support/openai-server-main.ts',
    environment: { ...cleanEnvironment(), PORT: '0' },
  });
  const [, url] = await child.waitForLine(/^OPENAI_TEST_SERVER (\S+)$/m, startTimeoutMs);
  if (!url) throw new Error('The model server printed no URL');
  return { child, url };
}

interface StartedParley {
  child: RunningChild;
  url: string;
  adminKey: string;
  appId: string;
  dataDirectory: string;
  /** What Parley sends the model for one execute of `executeMessage` in a new session. */
  modelRequestBody: Record<string, unknown>;
}

/** Parley on a free port with a fresh data folder; `modelUrl` null: the built-in offline model. */
async function startParleyProcess(modelUrl: string | null, profile: boolean): Promise<StartedParley> {
  const port = await freePort();
  const dataDirectory = temporaryFolder('parley-bench-data-');
  const adminKey = `sk_bench_${randomBytes(24).toString('base64url')}`;
  if (profile) mkdirSync(profileFolder, { recursive: true });
  const child = spawnChild({
    name: modelUrl ? 'Parley' : 'Parley (offline model)',
    script: 'packages/server/src/main.ts',
    nodeFlags: profile ? ['--cpu-prof', `--cpu-prof-dir=${profileFolder}`] : [],
    environment: {
      ...cleanEnvironment(),
      HOST: '127.0.0.1',
      PORT: String(port),
      PARLEY_DATA_DIR: dataDirectory,
      PARLEY_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'warn',
      ...(modelUrl
        ? { OPENAI_BASE_URL: modelUrl, OPENAI_API_KEY: 'x' }
        : { PARLEY_OFFLINE_TOKEN_DELAY_MS: '0' }),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, startTimeoutMs);

  const headers = { authorization: `Bearer ${adminKey}` };
  const health = await getJson<{ model: string }>(`${url}/healthz`, {});
  // A plain agent and app (no knowledge base, unlike the demo's), so this measures the execute path itself.
  const created = await postJson<{ id: string }>(`${url}/v1/agents`, headers, {
    name: 'Bench',
    system_prompt:
      "You are the assistant of the Parley demo shop. The visitor's name, if known: {{memory.sessionMeta.metadata.userProfile.name}}.",
  });
  const app = await postJson<{ id: string; agents: string[] }>(`${url}/v1/apps`, headers, {
    name: 'Bench',
    agents: [created.id],
  });
  if (!app.agents[0]) throw new Error(`Expected an app with an agent, got ${JSON.stringify(app)}`);
  const agent = await getJson<{
    system_prompt: string;
    model: string | null;
    settings: { temperature: number; max_tokens: number };
  }>(`${url}/v1/agents/${app.agents[0]}`, headers);
  // The request Parley sends for the first turn of a new session: the rendered system prompt, the message.
  const systemPrompt = renderTemplate(agent.system_prompt, {
    memory: { sessionMeta: { metadata: {}, user_id: null, session_id: 'sess_bench' } },
  }).trim();
  const modelRequestBody = {
    model: agent.model ?? health.model.replace(/^openai:/, ''),
    messages: [
      { role: 'system', content: systemPrompt },
      { role: 'user', content: executeMessage },
    ],
    temperature: agent.settings.temperature,
    max_tokens: agent.settings.max_tokens,
  };
  return { child, url, adminKey, appId: app.id, dataDirectory, modelRequestBody };
}

function targetsOf(parley: StartedParley, model: { child: RunningChild; url: string } | null): BenchTargets {
  return {
    parleyUrl: parley.url,
    modelOrigin: model ? new URL(model.url).origin : '',
    adminKey: parley.adminKey,
    appId: parley.appId,
    modelRequestBody: parley.modelRequestBody,
    parleyPid: parley.child.pid,
    modelPid: model ? model.child.pid : 0,
  };
}

function executesSent(results: Results): number {
  const { executeOverhead, firstToken, throughput } = results;
  return (
    (executeOverhead ? executeOverhead.requests + settings.warmupRequests : 0) +
    (firstToken ? firstToken.requests + Math.min(settings.warmupRequests, 200) : 0) +
    (throughput ? throughput.completed + throughput.warmupCompleted : 0)
  );
}

function dataFolderSummary(folder: string, executes: number): NonNullable<Results['parleyData']> {
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

function sourceFingerprint(): string {
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
function currentCommit(): string | null {
  try {
    const head = readFileSync(path.join(repositoryRoot, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    return readFileSync(path.join(repositoryRoot, '.git', head.slice(5)), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Parley's main-thread profile: `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`, thread 0 (with
 * `--import tsx` the module loader's worker thread writes a profile of its own, thread 1).
 */
function mainThreadProfile(pid: number): string | null {
  try {
    const files = readdirSync(profileFolder)
      .filter((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.0.`))
      .map((name) => path.join(profileFolder, name))
      .sort((left, right) => statSync(right).mtimeMs - statSync(left).mtimeMs);
    return files[0] ?? null;
  } catch {
    return null;
  }
}

const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
const toMiB = (bytes: number | null) => (bytes === null ? null : Number((bytes / 1024 ** 2).toFixed(1)));

function addChecks(results: Results): void {
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

function markdown(results: Results): string {
  const lines: string[] = [];
  const { executeOverhead, firstToken, throughput, parleyMemory, storeWrite } = results;
  const m = results.machine;
  lines.push(
    `Machine: ${m.cpus} CPUs, ${m.model}, Node ${m.node}, ${m.memoryGiB} GiB, ${m.platform}; load average ` +
      `${results.loadAverage.before} before, ${results.loadAverage.after} after; commit ${results.commit ?? 'unknown'}, sources ${results.sourceFingerprint}` +
      (results.sourceFingerprintAtEnd === results.sourceFingerprint
        ? ''
        : ` (changed during the run, to ${results.sourceFingerprintAtEnd})`),
    '',
  );
  if (results.error) {
    lines.push(
      `**The run failed** (the parts before the failure are below): ${results.error.split('\n')[0]}`,
      '',
    );
  }
  lines.push('| Measurement | p50 | p90 | p99 | mean | n |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  const row = (
    label: string,
    value: { p50: number; p90: number; p99: number; mean: number },
    count: number | string,
  ) =>
    lines.push(
      `| ${label} | ${value.p50} | ${value.p90} | ${value.p99} | ${Number(value.mean.toFixed(3))} | ${count} |`,
    );
  if (executeOverhead) {
    row('POST execute, ms', executeOverhead.execute, executeOverhead.requests);
    row('Model server direct, ms', executeOverhead.modelDirect, executeOverhead.requests);
    row('**Execute overhead**, ms', executeOverhead.overhead, '');
  }
  if (firstToken) {
    row('execute/stream to first `token`, ms', firstToken.parleyFirstToken, firstToken.requests);
    row('Model server to first content chunk, ms', firstToken.modelFirstToken, firstToken.requests);
    row('**First-token overhead**, ms', firstToken.difference, '');
  }
  if (storeWrite) {
    row('Store write, empty store, µs', storeWrite.empty, storeWrite.writes);
    row(`Store write, ${storeWrite.filledMessages} messages, µs`, storeWrite.filled, storeWrite.writes);
  }
  lines.push('');
  if (throughput) {
    lines.push(
      `Throughput: ${throughput.requestsPerSecond} execute/s with ${throughput.connections} connections for ` +
        `${throughput.durationSeconds} s (${throughput.completed} answered; latency p50 ${throughput.latencyMs.p50} ms, ` +
        `p90 ${throughput.latencyMs.p90} ms, p99 ${throughput.latencyMs.p99} ms, max ${throughput.latencyMs.max} ms; ` +
        `non-2xx ${throughput.non2xx}, errors ${throughput.errors}, timeouts ${throughput.timeouts}). CPU share of one core: ` +
        `Parley ${throughput.cpu.parley.coreShare}, model server ${throughput.cpu.modelServer.coreShare}, ` +
        `load generator ${throughput.cpu.loadGenerator.coreShare}.`,
      '',
    );
  }
  if (throughput) {
    lines.push(
      `Parley CPU per answered execute under load: ${throughput.parleyCpuMsPerRequest} ms.` +
        (throughput.modelServerBaseline
          ? ` Same load straight at the model server (ceiling of a bare Node HTTP server here): ` +
            `${throughput.modelServerBaseline.requestsPerSecond} req/s, p50 ${throughput.modelServerBaseline.latencyMs.p50} ms.`
          : ''),
      '',
    );
  }
  if (results.modelClientCost) {
    lines.push(
      '| Model call from the bench process | CPU per call | p50 | p99 |',
      '| --- | ---: | ---: | ---: |',
    );
    for (const client of results.modelClientCost.clients) {
      lines.push(
        `| ${client.client} | ${client.cpuMicrosecondsPerCall} µs | ${client.latencyMs.p50} ms | ${client.latencyMs.p99} ms |`,
      );
    }
    lines.push('');
  }
  if (results.parleyData) {
    const data = results.parleyData;
    lines.push(
      `Parley data folder after ${data.executes} executes: ${data.totalMiB} MiB (${data.bytesPerExecute} bytes per ` +
        `execute), ${data.compactions} compaction(s).`,
      '',
    );
  }
  if (parleyMemory) {
    lines.push(
      `Parley memory: peak RSS (VmHWM) ${parleyMemory.peakRssMiB} MiB; RSS during the throughput run ` +
        `${throughput ? `${throughput.parleyRssMiB.first} → max ${throughput.parleyRssMiB.max} MiB` : 'not sampled'}.`,
      '',
    );
  }
  if (storeWrite) {
    lines.push(
      `Store: write ratio ${storeWrite.filledMessages} messages ÷ empty: mean ${storeWrite.ratio.mean}×, p50 ${storeWrite.ratio.p50}×, p99 ` +
        `${storeWrite.ratio.p99}×. CPU per write: ${storeWrite.cpuMicrosecondsPerWrite.empty} µs empty, ` +
        `${storeWrite.cpuMicrosecondsPerWrite.filled} µs filled (${storeWrite.cpuMicrosecondsPerWrite.ratio}×). compact() at ${storeWrite.filledMessages} messages: ${storeWrite.compaction.blockingMs} ms ` +
        `blocking the event loop, ${storeWrite.compaction.totalMs} ms in all (${storeWrite.compaction.snapshotMiB} MiB ` +
        `snapshot). Reopening that store: ${storeWrite.reopenMs} ms.`,
      '',
    );
  }
  lines.push('| Target | Result | Target | Pass |', '| --- | ---: | ---: | :---: |');
  for (const check of results.checks) {
    lines.push(`| ${check.name} | ${check.value} | ${check.target} | ${check.pass ? 'pass' : '**FAIL**'} |`);
  }
  const phases = Object.entries(results.interference);
  if (phases.length > 0) {
    lines.push(
      '',
      `CPU used by other programs during each phase (cores): ${phases
        .map(
          ([phase, seen]) =>
            `${phase} ${seen.otherProcessesCores}${seen.stealCores > 0 ? ` (steal ${seen.stealCores})` : ''}`,
        )
        .join(', ')}.`,
    );
  }
  if (results.offlineModel) {
    const offline = results.offlineModel;
    lines.push(
      '',
      `Diagnostic, Parley with its built-in offline model (no upstream call): sequential execute p50 ` +
        `${offline.sequential.p50} ms, p99 ${offline.sequential.p99} ms; ${offline.throughput.requestsPerSecond} ` +
        `execute/s with ${offline.throughput.connections} connections (p50 ${offline.throughput.latencyMs.p50} ms, ` +
        `p99 ${offline.throughput.latencyMs.p99} ms, non-2xx ${offline.throughput.non2xx}); Parley CPU per execute ` +
        `${offline.throughput.parleyCpuMsPerRequest} ms.`,
    );
  }
  if (results.cpuProfile) lines.push('', profileSummaryMarkdown(results.cpuProfile));
  return lines.join('\n');
}

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

async function runParts(results: Results): Promise<void> {
  // The store micro-benchmark first, while the machine is fresh (no servers, no dirty page cache).
  if (runs('store')) {
    log(
      `store writes: ${settings.storeWrites} on an empty store, then on ${settings.storeMessages} messages ` +
        `in ${settings.storeSessions} sessions`,
    );
    const watch = watchInterference([]);
    results.storeWrite = await measureStoreWrites({
      writes: settings.storeWrites,
      warmupWrites: Math.min(settings.storeWrites, 2000),
      filledMessages: settings.storeMessages,
      filledSessions: settings.storeSessions,
    });
    results.interference['store'] = watch();
  }

  if (runs('overhead') || runs('first-token') || runs('model-client') || runs('throughput')) {
    log('starting the model server and Parley');
    const model = await startModelServer();
    let parley: StartedParley | undefined;
    try {
      parley = await startParleyProcess(model.url, settings.cpuProfile);
      await measureAgainstServers(results, targetsOf(parley, model), parley.dataDirectory);
    } finally {
      if (parley) await stopChild(parley.child);
      await stopChild(model.child);
    }
    if (settings.cpuProfile) {
      const profile = mainThreadProfile(parley.child.pid);
      if (profile) results.cpuProfile = summarizeCpuProfile(profile, 25);
      else log('no CPU profile was written');
    }
  }

  if (runs('offline')) {
    log('Parley with the built-in offline model: 1000 sequential executes, then the throughput load');
    const parley = await startParleyProcess(null, false);
    try {
      const watch = watchInterference([parley.child.pid]);
      results.offlineModel = await measureOfflineModel(targetsOf(parley, null), {
        warmupRequests: settings.warmupRequests,
        requests: 1000,
        connections: settings.connections,
        durationSeconds: Math.min(settings.durationSeconds, 10),
        warmupSeconds: settings.warmupSeconds,
      });
      results.interference['offline'] = watch();
    } finally {
      await stopChild(parley.child);
    }
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

/** The measurements against Parley with the model server behind it, in order. */
async function measureAgainstServers(
  results: Results,
  targets: BenchTargets,
  dataDirectory: string,
): Promise<void> {
  const pids = [targets.parleyPid, targets.modelPid];
  if (runs('overhead')) {
    log(
      `execute overhead: ${settings.warmupRequests} warm-up, then ${settings.requests} sequential requests`,
    );
    const watch = watchInterference(pids);
    results.executeOverhead = await measureExecuteOverhead(targets, {
      warmupRequests: settings.warmupRequests,
      requests: settings.requests,
      timeLimitMs: sequentialTimeLimitMs,
    });
    results.interference['overhead'] = watch();
  }
  if (runs('first-token')) {
    const warmup = Math.min(settings.warmupRequests, 200);
    log(`first token: ${warmup} warm-up, then ${settings.streamRequests} streams`);
    const watch = watchInterference(pids);
    results.firstToken = await measureFirstToken(targets, {
      warmupRequests: warmup,
      requests: settings.streamRequests,
      timeLimitMs: sequentialTimeLimitMs,
    });
    results.interference['first-token'] = watch();
  }
  if (runs('model-client')) {
    log('model client cost: 2000 calls per client from the bench process, after 1500 warm-up calls');
    const watch = watchInterference(pids);
    results.modelClientCost = await measureModelClientCost(targets, { calls: 2000, warmupCalls: 1500 });
    results.interference['model-client'] = watch();
  }
  if (runs('throughput')) {
    log(
      `throughput: ${settings.baselineSeconds} s on the model server alone, then ${settings.connections} ` +
        `connections on Parley, ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured`,
    );
    const watch = watchInterference(pids);
    results.throughput = await measureThroughput(targets, {
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      rssSampleIntervalMs: 200,
      baselineSeconds: settings.baselineSeconds,
    });
    results.interference['throughput'] = watch();
  }
  results.parleyMemory = {
    peakRssMiB: toMiB(procStatusBytes(targets.parleyPid, 'VmHWM')),
    rssAtEndMiB: toMiB(procStatusBytes(targets.parleyPid, 'VmRSS')),
  };
  results.parleyData = dataFolderSummary(dataDirectory, executesSent(results));
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
