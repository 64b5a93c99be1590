/**
 * A socket flooding `config` with 16 KiB of braces in the visitor's metadata (the attack of issue 9)
 * against a Parley server process: each round sends 38 configs at once and then 5 `GET /healthz`
 * one after another, and times each probe and the whole flood. test/socket-config-cost.test.ts checks
 * the greeting is rendered verbatim; this reports what the flood costs the server's other requests.
 * Probes are seen from outside, so they include this machine's scheduling (it is shared: see the
 * load average printed). Standalone: `npx tsx bench/socket-config-flood.ts` (BENCH_CONFIG_ROUNDS, 10).
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomToken } from '@parley/engine';
import { killed, startServerProcess } from '../test/support/server-process.js';
import { connectSocket } from '../test/support/socket-client.js';
import { rounded, summarize } from './stats.js';

const rounds = Number(process.env.BENCH_CONFIG_ROUNDS ?? 10);
const floodSize = 38;
const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-bench-config-'));
const adminKey = `sk_bench_${randomToken(32)}`;
const server = await startServerProcess({
  PORT: '0',
  PARLEY_DATA_DIR: dataDirectory,
  PARLEY_ADMIN_KEY: adminKey,
  PARLEY_IP_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: 'info',
});
try {
  const request = async (method: string, pathname: string, body?: unknown) =>
    (
      await fetch(`${server.url}${pathname}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).json();
  const apps = (await request('GET', '/v1/apps')) as { data: { id: string; greeting: string }[] };
  const appId = apps.data.find((app) => app.greeting?.includes('{{'))?.id as string;
  const { key } = (await request('POST', '/v1/keys', {
    name: 'bench site',
    kind: 'publishable',
    plan: 'enterprise',
    rate_limit: { per_minute: 100_000, per_day: 1_000_000 },
    app_id: appId,
    allowed_origins: ['*'],
  })) as { key: string };
  const config = { app_id: appId, metadata: { userProfile: { name: `${'{'.repeat(16_000)}}}` } } };
  const socket = await connectSocket(server.url, key);
  try {
    // Warm up: the server compiles its code paths over the first calls.
    for (let index = 0; index < 30; index += 1) await socket.emitWithAck('config', config);
    const probes: number[] = [];
    const floods: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const floodStarted = performance.now();
      const flood = Array.from({ length: floodSize }, () => socket.emitWithAck('config', config));
      for (let index = 0; index < 5; index += 1) {
        const started = performance.now();
        await fetch(`${server.url}/healthz`);
        probes.push(performance.now() - started);
      }
      await Promise.all(flood);
      floods.push(performance.now() - floodStarted);
    }
    const probe = rounded(summarize(probes), 1);
    const all = rounded(summarize(floods), 1);
    process.stdout.write(
      [
        `uptime: ${execSync('uptime').toString().trim()}`,
        `${rounds} rounds of ${floodSize} configs with 16 KiB of braces, 5 /healthz probes each (ms)`,
        '| measure | median | max |',
        '|---|---:|---:|',
        `| /healthz during the flood | ${probe.p50} | ${probe.max} |`,
        `| whole flood answered | ${all.p50} | ${all.max} |`,
        '',
      ].join('\n'),
    );
  } finally {
    socket.close();
  }
} finally {
  await killed(server.child);
  rmSync(dataDirectory, { recursive: true, force: true });
}
process.exit(0);
