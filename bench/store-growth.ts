/**
 * The embedded store as data grows: for 0, 100,000 and 1,000,000 stored messages
 * (sessions of 10 messages of about 40 characters, written through the store and
 * compacted into a snapshot by `bench/store-growth-fill.ts`), starts the compiled
 * server (as `pnpm start` runs it; build it first: `npx tsx scripts/build.ts`) on
 * the data folder and reports the time from spawn to
 * listening (the "Parley ready" line) and the RSS once idle (5 s later), and
 * the RSS per stored message over the empty folder's.
 *
 * Standalone: `pnpm bench:store-growth`. `BENCH_STORE_GROWTH_SIZES=0,100000`
 * changes the sizes; `BENCH_STORE_GROWTH_NODE_FLAGS` adds Node flags to the
 * fill and server processes (e.g. `--import tsx` and an `--import` of a resolve
 * hook that swaps in an earlier store, to measure before and after on the same
 * machine).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCompiledServer } from './compiled-server.js';
import {
  installCleanup,
  processCpuSeconds,
  procStatusBytes,
  removeTemporaryFolder,
  spawnChild,
  temporaryFolder,
} from './processes.js';

const sizes = (process.env.BENCH_STORE_GROWTH_SIZES ?? '0,100000,1000000').split(',').map(Number);
const nodeFlags = (process.env.BENCH_STORE_GROWTH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const idleMs = 5_000;
const mebibyte = 1024 * 1024;

installCleanup();

interface Row {
  messages: number;
  fillSeconds: number;
  startSeconds: number;
  /** CPU the server process used until it listened (user + system): steadier than wall time on a busy machine. */
  startCpuSeconds: number;
  rssMiB: number;
  /** What `/readyz` says the store holds (absent before it existed). */
  records: number | undefined;
  warnings: number | undefined;
}

async function measure(messages: number): Promise<Row> {
  const folder = temporaryFolder('parley-bench-growth-');
  try {
    const fillStarted = performance.now();
    const filler = spawnChild({
      name: 'fill',
      script: 'bench/store-growth-fill.ts',
      environment: { BENCH_FILL_FOLDER: folder, BENCH_FILL_MESSAGES: String(messages) },
      nodeFlags: [...nodeFlags, '--max-old-space-size=8192'],
    });
    await filler.waitForLine(/filled \d+ messages/, 3_600_000);
    await new Promise<void>((resolve) => {
      if (filler.process.exitCode !== null) resolve();
      else filler.process.once('exit', () => resolve());
    });
    const fillSeconds = (performance.now() - fillStarted) / 1000;

    const adminKey = `sk_bench_${randomBytes(32).toString('base64url')}`;
    const started = performance.now();
    const server = await startCompiledServer(
      {
        PORT: '0',
        PARLEY_DATA_DIR: folder,
        PARLEY_ADMIN_KEY: adminKey,
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        LOG_LEVEL: 'info',
      },
      { nodeFlags },
    );
    try {
      const startSeconds = (performance.now() - started) / 1000;
      const startCpuSeconds = processCpuSeconds(server.pid) ?? Number.NaN;
      await sleep(idleMs);
      const rss = procStatusBytes(server.pid, 'VmRSS') ?? Number.NaN;
      let records: number | undefined;
      let warnings: number | undefined;
      const readiness = await fetch(`${server.url}/readyz`).catch(() => undefined);
      if (readiness?.status === 200) {
        const body = (await readiness.json()) as { store?: { records?: number; warnings?: string[] } };
        records = body.store?.records;
        warnings = body.store?.warnings?.length;
      }
      return {
        messages,
        fillSeconds,
        startSeconds,
        startCpuSeconds,
        rssMiB: rss / mebibyte,
        records,
        warnings,
      };
    } finally {
      await server.stop();
    }
  } finally {
    removeTemporaryFolder(folder);
  }
}

const rows: Row[] = [];
for (const size of sizes) {
  const row = await measure(size);
  rows.push(row);
  process.stderr.write(`${JSON.stringify(row)}\n`);
}
const empty = rows.find((row) => row.messages === 0);
const lines = [
  `Embedded store growth (${nodeFlags.length > 0 ? `node flags: ${nodeFlags.join(' ')}` : 'this checkout'}):`,
  '| stored messages | start to listening, s | CPU until listening, s | RSS idle, MiB | RSS per message over empty, bytes | records (/readyz) | fill, s |',
  '|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((row) => {
    const perMessage =
      empty && row.messages > 0 ? Math.round(((row.rssMiB - empty.rssMiB) * mebibyte) / row.messages) : '–';
    return `| ${row.messages.toLocaleString('en-US')} | ${row.startSeconds.toFixed(2)} | ${row.startCpuSeconds.toFixed(2)} | ${row.rssMiB.toFixed(0)} | ${perMessage} | ${row.records?.toLocaleString('en-US') ?? 'n/a'} | ${row.fillSeconds.toFixed(0)} |`;
  }),
  '',
];
process.stdout.write(lines.join('\n'));
