/**
 * Spawning and stopping the benchmark's child processes (the model server and Parley), with
 * cleanup on every way out: normal end, failure, SIGINT and SIGTERM.
 *
 * Children run as `node --import tsx <script>` rather than through the `tsx` command, so the pid we
 * hold is the Node process that serves (the `tsx` command would put a wrapper process in between,
 * and /proc/<pid>/status would then describe the wrapper). Parley itself runs compiled, as
 * `pnpm start` runs it (`compiledServer`), built first by the bench.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compiledServerArguments } from '../test/support/server-process.js';

export const repositoryRoot = path.resolve(import.meta.dirname, '..');

export interface RunningChild {
  name: string;
  process: ChildProcess;
  pid: number;
  /** The last lines the child wrote to stdout and stderr, for failure reports. */
  output(): string;
  /** Resolves with the first stdout line matching `pattern`, or rejects after `timeoutMs` or on exit. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

export interface SpawnOptions {
  name: string;
  /** A TypeScript file run through `--import tsx`; or `compiledServer`: Parley's compiled server, as `pnpm start` runs it. */
  script: string | 'compiled server';
  environment: Record<string, string>;
  /** Extra Node flags placed before the script, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /**
   * The checkout to run it from (this one by default): another one's compiled server is a base to
   * compare with, built by whoever made that checkout.
   */
  root?: string;
}

/**
 * Parley as production runs it (`pnpm start`): `node --conditions=parley-compiled … packages/server/dist/main.js`,
 * built by `npx tsx scripts/build.ts` (through tsx every module is transformed on load and the
 * workspace packages resolve to their TypeScript sources, which costs CPU the product does not spend).
 */
export const compiledServer = 'compiled server';

let built = false;

/** `scripts/build.ts` once per bench run (it rebuilds only what changed), so the compiled server is the current code. */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: repositoryRoot,
    stdio: 'ignore',
  });
  built = true;
}

function scriptArguments(script: string, root: string): string[] {
  if (script !== compiledServer) return ['--import', 'tsx', script];
  if (root === repositoryRoot) buildOnce();
  return compiledServerArguments;
}

const children = new Set<RunningChild>();
const temporaryFolders = new Set<string>();
const keptOutputCharacters = 20_000;

/** Spawns `node --import tsx <script>` (or the compiled server) from the repository root with the given extra environment. */
export function spawnChild(options: SpawnOptions): RunningChild {
  const root = path.resolve(options.root ?? repositoryRoot);
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), ...scriptArguments(options.script, root)],
    {
      cwd: root,
      env: { ...process.env, ...options.environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (child.pid === undefined) throw new Error(`Could not start ${options.name}`);
  let output = '';
  let stdoutText = '';
  const keep = (text: string) => {
    output = (output + text).slice(-keptOutputCharacters);
  };
  const lineWaiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    keep(text);
    stdoutText = (stdoutText + text).slice(-keptOutputCharacters);
    for (const check of lineWaiters) check();
  });
  child.stderr?.setEncoding('utf8').on('data', keep);

  const running: RunningChild = {
    name: options.name,
    process: child,
    pid: child.pid,
    output: () => output,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (error: Error | null, match?: RegExpExecArray) => {
          clearTimeout(timer);
          lineWaiters.delete(check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve(match as RegExpExecArray);
        };
        const check = () => {
          const match = pattern.exec(stdoutText);
          if (match) finish(null, match);
        };
        const onExit = (code: number | null) =>
          finish(new Error(`${options.name} exited (code ${code}) before printing ${pattern}:\n${output}`));
        const timer = setTimeout(
          () => finish(new Error(`${options.name} printed no ${pattern} within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        lineWaiters.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
  children.add(running);
  child.once('exit', () => children.delete(running));
  return running;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM (the servers shut down cleanly and, with --cpu-prof, write their profile), then SIGKILL. */
export async function stopChild(running: RunningChild, graceMs = 10_000): Promise<void> {
  const child = running.process;
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const outcome = await Promise.race([
    exited.then(() => 'exited' as const),
    sleep(graceMs, 'timeout' as const),
  ]);
  if (outcome === 'timeout' && !hasExited(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((running) => stopChild(running)));
}

/** A fresh folder under the system temp folder, removed at exit. */
export function temporaryFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  temporaryFolders.add(folder);
  return folder;
}

export function removeTemporaryFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  temporaryFolders.delete(folder);
}

let cleanupInstalled = false;

/** Kills every child and removes every temporary folder however the bench process ends. */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', () => {
    for (const running of children) if (!hasExited(running.process)) running.process.kill('SIGKILL');
    for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping the child processes\n`);
      const hardStop = setTimeout(() => process.exit(130), 5_000);
      hardStop.unref();
      void stopAllChildren().finally(() => process.exit(130));
    });
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls GET <url>/healthz until it answers 200. */
export async function waitForHealthy(baseUrl: string, child: RunningChild, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited(child.process)) throw new Error(`${child.name} exited while starting:\n${child.output()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      lastProblem = `status ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(
    `${child.name} was not healthy within ${timeoutMs} ms (${lastProblem}):\n${child.output()}`,
  );
}

/** A `VmRSS`/`VmHWM`-style line of /proc/<pid>/status, in bytes; null when unreadable. */
export function procStatusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Total user+system CPU time of a process so far, in seconds (from /proc/<pid>/stat); null when unreadable. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    return (userTicks + systemTicks) / 100;
  } catch {
    return null;
  }
}

/**
 * User + nice + system time of the whole machine so far, and the time the hypervisor gave to other
 * machines while this one wanted to run (steal), in seconds (first line of /proc/stat).
 */
export function machineSeconds(): { busy: number; steal: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1) ?? [];
    const [user = 0, nice = 0, system = 0, , , , , steal = 0] = fields.map(Number);
    return { busy: (user + nice + system) / 100, steal: steal / 100 };
  } catch {
    return null;
  }
}

export interface Interference {
  seconds: number;
  /** CPU used by everything but the bench process and the given children, in cores (0.5 = half a core). */
  otherProcessesCores: number;
  /** CPU the hypervisor took away (steal), in cores. */
  stealCores: number;
}

/**
 * Watches the machine for work that is not the benchmark's: the machine's CPU time minus that of
 * the bench process and of the watched children, over the phase. Other programs running on a
 * 2-core machine skew every number, so each phase reports it.
 */
export function watchInterference(pids: number[]): () => Interference {
  const started = performance.now();
  const machineBefore = machineSeconds();
  const childrenBefore = pids.map((pid) => processCpuSeconds(pid) ?? 0);
  const ownBefore = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const machineAfter = machineSeconds();
    const children = pids.reduce(
      (sum, pid, index) => sum + ((processCpuSeconds(pid) ?? 0) - (childrenBefore[index] ?? 0)),
      0,
    );
    const own = process.cpuUsage(ownBefore);
    const ours = children + (own.user + own.system) / 1e6;
    const known = machineBefore !== null && machineAfter !== null;
    const other = known ? machineAfter.busy - machineBefore.busy - ours : Number.NaN;
    const steal = known ? machineAfter.steal - machineBefore.steal : Number.NaN;
    return {
      seconds: Number(seconds.toFixed(1)),
      otherProcessesCores: Number(Math.max(0, other / seconds).toFixed(2)),
      stealCores: Number((steal / seconds).toFixed(2)),
    };
  };
}
