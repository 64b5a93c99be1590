/**
 * `pnpm bench:idle-sockets` (issue 12): what 10,000 idle widget sockets cost one node. Starts a
 * node (embedded store, or PostgreSQL + Redis with a schema and key prefix of its own), lets it
 * settle, reads its RSS, then opens 10,000 real Socket.IO connections with the demo's publishable
 * key the way the widget does (`bench/idle-sockets-client.ts`, spread over client processes), holds
 * them idle across a Socket.IO ping, and reads its RSS and CPU again. Stores take turns each round.
 * Prints a markdown table of medians; writes bench/results/idle-sockets-latest.json.
 * docs/benchmarks.md, "Scale-out (issue 12)".
 *
 * Settings (environment): BENCH_SOCKETS (10000), BENCH_SOCKET_CLIENTS (4 processes),
 * BENCH_SOCKETS_PARALLEL (handshakes at a time per client, 20), BENCH_SOCKETS_ROUNDS (2),
 * BENCH_SOCKETS_STORES (embedded,postgres), BENCH_SOCKETS_SETTLE_SECONDS (10),
 * BENCH_SOCKETS_HOLD_SECONDS (30), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SOCKETS_NODE_FLAGS
 * (extra Node flags for the node, for diagnostics), BENCH_SOCKETS_COLLECT_GARBAGE (1: also read the
 * RSS after a full garbage collection, idle and with the sockets; see `collect-garbage-on-signal.mjs`). The node runs compiled, as `pnpm start` runs it:
 * build first (`npx tsx scripts/build.ts`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sharedRedisUrl } from '@parley/coordination-redis/testing';
import { testDatabaseUrl } from '@parley/store-postgres/testing';
import {
  installCleanup,
  processCpuSeconds,
  procStatusBytes,
  type RunningChild,
  spawnChild,
  stopAllChildren,
  stopChild,
} from './processes.js';
import { startTopology, type TopologyName } from './scale-out-topologies.js';
import { log, resultsFolder } from './settings.js';

const number = (name: string, fallback: number) => Number(process.env[name] || fallback);
const socketCount = number('BENCH_SOCKETS', 10_000);
const clientCount = number('BENCH_SOCKET_CLIENTS', 4);
const parallel = number('BENCH_SOCKETS_PARALLEL', 20);
const rounds = number('BENCH_SOCKETS_ROUNDS', 2);
const settleSeconds = number('BENCH_SOCKETS_SETTLE_SECONDS', 10);
const holdSeconds = number('BENCH_SOCKETS_HOLD_SECONDS', 30);
const stores = (process.env.BENCH_SOCKETS_STORES || 'embedded,postgres')
  .split(',')
  .map((name) => name.trim());
for (const store of stores)
  if (store !== 'embedded' && store !== 'postgres')
    throw new Error(`BENCH_SOCKETS_STORES: "${store}" is neither embedded nor postgres`);
const databaseUrl = process.env.BENCH_DATABASE_URL || testDatabaseUrl;
const redisUrl = process.env.BENCH_REDIS_URL || sharedRedisUrl;
/** Extra Node flags for the node (space-separated), for diagnostics, e.g. `--heapsnapshot-signal=SIGUSR2`. */
const collectGarbage = process.env.BENCH_SOCKETS_COLLECT_GARBAGE === '1';
const nodeFlags = [
  ...(process.env.BENCH_SOCKETS_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ...(collectGarbage
    ? ['--expose-gc', '--import', path.join(import.meta.dirname, 'collect-garbage-on-signal.mjs')]
    : []),
];
const mebibyte = 1024 * 1024;

interface IdleSocketsMeasurement {
  store: TopologyName;
  round: number;
  uptime: string;
  /** Median of 5 RSS readings, 1 s apart, in MiB. */
  rssIdleMiB: number;
  rssWithSocketsMiB: number;
  /** With BENCH_SOCKETS_COLLECT_GARBAGE=1: the same readings after a full garbage collection. */
  rssIdleAfterGcMiB?: number;
  rssWithSocketsAfterGcMiB?: number;
  peakRssMiB: number;
  aboveIdleMiB: number;
  bytesPerSocket: number;
  opened: number;
  failed: number;
  firstError: string;
  openSeconds: number;
  /** Still connected at the end of the hold, and disconnects seen by the clients. */
  connectedAtEnd: number;
  disconnects: number;
  /** The node's CPU while it held the sockets, in cores. */
  holdCores: number;
}

function uptime(): string {
  const [one, five, fifteen] = os.loadavg().map((value) => value.toFixed(2));
  return `${new Date().toISOString().slice(11, 19)} UTC, load average ${one}, ${five}, ${fifteen}`;
}

/** The node's RSS after a full garbage collection (SIGUSR2 to `collect-garbage-on-signal.mjs`). */
async function rssAfterGc(pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await sleep(2_000);
  return medianRss(pid);
}

async function medianRss(pid: number): Promise<number> {
  const readings: number[] = [];
  for (let index = 0; index < 5; index++) {
    readings.push(procStatusBytes(pid, 'VmRSS') ?? Number.NaN);
    if (index < 4) await sleep(1_000);
  }
  readings.sort((left, right) => left - right);
  return (readings[2] ?? Number.NaN) / mebibyte;
}

/** The demo's publishable key, from the demo page (as the widget on it reads it). */
async function demoKey(url: string): Promise<string> {
  const page = await (await fetch(`${url}/demo/`)).text();
  const key = /data-key="([^"]+)"/.exec(page)?.[1];
  if (!key) throw new Error(`The demo page carries no data-key:\n${page.slice(0, 500)}`);
  return key;
}

function lastStatus(client: RunningChild): { connected: number; disconnects: number } {
  const matches = [...client.output().matchAll(/^STATUS (\d+) (\d+)$/gm)];
  const last = matches.at(-1);
  return { connected: Number(last?.[1] ?? 0), disconnects: Number(last?.[2] ?? 0) };
}

async function measure(store: TopologyName, round: number): Promise<IdleSocketsMeasurement> {
  // The compiled server, as `pnpm start` runs it in production: its memory is what a deployment sees.
  const topology = await startTopology(store, { modelUrl: null, databaseUrl, redisUrl }, { nodeFlags });
  const clients: RunningChild[] = [];
  try {
    const node = topology.nodes[0];
    if (!node) throw new Error('no node');
    const key = await demoKey(topology.url);
    await sleep(settleSeconds * 1000);
    const at = uptime();
    const rssIdleMiB = await medianRss(node.pid);
    const rssIdleAfterGcMiB = collectGarbage ? await rssAfterGc(node.pid) : undefined;
    log(
      `${store}, round ${round}: node pid ${node.pid}, RSS idle ${rssIdleMiB.toFixed(1)} MiB; opening ${socketCount} sockets (${at})`,
    );
    const started = performance.now();
    for (let index = 0; index < clientCount; index++) {
      const share = Math.floor(socketCount / clientCount) + (index < socketCount % clientCount ? 1 : 0);
      clients.push(
        spawnChild({
          name: `socket client ${index}`,
          script: 'bench/idle-sockets-client.ts',
          environment: {
            BENCH_CLIENT_URL: topology.url,
            BENCH_CLIENT_KEY: key,
            BENCH_CLIENT_ORIGIN: topology.url,
            BENCH_CLIENT_SOCKETS: String(share),
            BENCH_CLIENT_PARALLEL: String(parallel),
            BENCH_CLIENT_INDEX: String(index),
          },
        }),
      );
    }
    const done = await Promise.all(
      clients.map((client) => client.waitForLine(/^OPENED (\d+) (\d+) (\d+) (\S+)$/m, 600_000)),
    );
    const openSeconds = (performance.now() - started) / 1000;
    const opened = done.reduce((sum, match) => sum + Number(match[1]), 0);
    const failed = done.reduce((sum, match) => sum + Number(match[2]), 0);
    const firstError = done.map((match) => match[4]).find((error) => error !== '-') ?? '';
    log(`  opened ${opened} (${failed} failed) in ${openSeconds.toFixed(1)} s; holding ${holdSeconds} s`);
    const cpuBefore = processCpuSeconds(node.pid) ?? Number.NaN;
    const holdStarted = performance.now();
    await sleep(holdSeconds * 1000);
    const rssWithSocketsMiB = await medianRss(node.pid);
    const holdCores =
      ((processCpuSeconds(node.pid) ?? Number.NaN) - cpuBefore) / ((performance.now() - holdStarted) / 1000);
    const rssWithSocketsAfterGcMiB = collectGarbage ? await rssAfterGc(node.pid) : undefined;
    await sleep(2_100);
    const statuses = clients.map(lastStatus);
    const aboveIdleMiB = rssWithSocketsMiB - rssIdleMiB;
    return {
      store,
      round,
      uptime: at,
      rssIdleMiB,
      rssWithSocketsMiB,
      ...(rssIdleAfterGcMiB === undefined ? {} : { rssIdleAfterGcMiB }),
      ...(rssWithSocketsAfterGcMiB === undefined ? {} : { rssWithSocketsAfterGcMiB }),
      peakRssMiB: (procStatusBytes(node.pid, 'VmHWM') ?? Number.NaN) / mebibyte,
      aboveIdleMiB,
      bytesPerSocket: Math.round((aboveIdleMiB * mebibyte) / Math.max(1, opened)),
      opened,
      failed,
      firstError,
      openSeconds,
      connectedAtEnd: statuses.reduce((sum, status) => sum + status.connected, 0),
      disconnects: statuses.reduce((sum, status) => sum + status.disconnects, 0),
      holdCores,
    };
  } finally {
    await Promise.all(clients.map((client) => stopChild(client)));
    await topology.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function markdown(measurements: IdleSocketsMeasurement[]): string {
  const present = stores.filter((store) => measurements.some((measured) => measured.store === store));
  const of = (store: string) => measurements.filter((measured) => measured.store === store);
  const cell = (values: number[], digits: number) => {
    const text = (value: number) =>
      value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
    return values.length > 1
      ? `${text(median(values))} (${text(Math.min(...values))}–${text(Math.max(...values))})`
      : text(values[0] ?? Number.NaN);
  };
  const line = (label: string, pick: (measured: IdleSocketsMeasurement) => number, digits: number) =>
    `| ${label} | ${present.map((store) => cell(of(store).map(pick), digits)).join(' | ')} |`;
  return [
    `| ${socketCount.toLocaleString('en-US')} idle widget sockets, one node: median (range) | ${present.join(' | ')} |`,
    `|---|${present.map(() => '---:').join('|')}|`,
    line('RSS idle, MiB', (m) => m.rssIdleMiB, 1),
    line('RSS with the sockets open, MiB', (m) => m.rssWithSocketsMiB, 1),
    line('**Above idle, MiB**', (m) => m.aboveIdleMiB, 1),
    line('Per socket, KiB', (m) => m.bytesPerSocket / 1024, 1),
    ...(collectGarbage
      ? [
          line('RSS idle after a full GC, MiB', (m) => m.rssIdleAfterGcMiB ?? Number.NaN, 1),
          line(
            'RSS with the sockets after a full GC, MiB',
            (m) => m.rssWithSocketsAfterGcMiB ?? Number.NaN,
            1,
          ),
          line(
            '**Above idle after a full GC, MiB**',
            (m) => (m.rssWithSocketsAfterGcMiB ?? Number.NaN) - (m.rssIdleAfterGcMiB ?? Number.NaN),
            1,
          ),
        ]
      : []),
    line('Peak RSS (VmHWM), MiB', (m) => m.peakRssMiB, 1),
    line('Opened / failed', (m) => m.opened, 0),
    line('Failed handshakes', (m) => m.failed, 0),
    line('Seconds to open them all', (m) => m.openSeconds, 1),
    line('Still connected after the hold', (m) => m.connectedAtEnd, 0),
    line('Node CPU while holding them, cores', (m) => m.holdCores, 3),
  ].join('\n');
}

async function main(): Promise<void> {
  installCleanup();
  const startedAt = new Date().toISOString();
  const before = uptime();
  log(
    `idle sockets: ${socketCount} over ${clientCount} clients, ${rounds} rounds of ${stores.join(', ')}; ${before}`,
  );
  const measurements: IdleSocketsMeasurement[] = [];
  let error: string | undefined;
  try {
    for (let round = 1; round <= rounds; round++) {
      const order = round % 2 === 1 ? stores : [...stores].reverse();
      for (const store of order) measurements.push(await measure(store as TopologyName, round));
    }
  } catch (caught) {
    error = caught instanceof Error ? (caught.stack ?? caught.message) : String(caught);
  }
  const results = {
    startedAt,
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
    uptime: { before, after: uptime() },
    settings: {
      socketCount,
      clientCount,
      parallel,
      rounds,
      stores,
      settleSeconds,
      holdSeconds,
      nodeFlags,
      collectGarbage,
    },
    measurements,
    error,
  };
  mkdirSync(resultsFolder, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(path.join(resultsFolder, 'idle-sockets-latest.json'), json);
  writeFileSync(path.join(resultsFolder, `idle-sockets-${startedAt.replace(/[:.]/g, '-')}.json`), json);
  process.stdout.write(
    `Idle sockets bench, ${startedAt} (commit ${results.commit})\nuptime before: ${before}; after: ${results.uptime.after}\n\n${markdown(measurements)}\n`,
  );
  if (error) {
    process.stderr.write(`bench failed: ${error}\n`);
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
