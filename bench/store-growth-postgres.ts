/**
 * One node on PostgreSQL as data grows: for 0 and 1,000,000 stored messages (sessions of 10
 * messages of about 40 characters, ended, written by SQL `INSERT … SELECT generate_series` into a
 * schema of this run, dropped after), starts the compiled server (as `pnpm start` runs it; build it
 * first: `npx tsx scripts/build.ts`) on it and reports the time from spawn to listening (the "Parley
 * ready" line), the CPU until then, the RSS once idle (after the first sweeps: 12 s), the RSS after
 * one page of the console's inbox (`GET /v1/inbox/sessions`: the ongoing sessions, none here) and
 * after the first five pages of its ended sessions (`status=ended&limit=50`, following `next_cursor`),
 * with the time those five pages took.
 *
 * `BENCH_DATABASE_URL` (this machine's test database by default); `BENCH_STORE_GROWTH_SIZES=0,1000000`;
 * `BENCH_BASE_ROOT`: another checkout, built, to compare with (each size is measured on both, in
 * turn, `BENCH_REPEATS` times each, 1 by default).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, querySchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { startCompiledServer } from './compiled-server.js';
import {
  installCleanup,
  processCpuSeconds,
  procStatusBytes,
  removeTemporaryFolder,
  temporaryFolder,
} from './processes.js';

const databaseUrl = process.env.BENCH_DATABASE_URL || testDatabaseUrl;
const sizes = (process.env.BENCH_STORE_GROWTH_SIZES ?? '0,1000000').split(',').map(Number);
const baseRoot = process.env.BENCH_BASE_ROOT || null;
const repeats = Number(process.env.BENCH_REPEATS || 1);
const idleMs = 12_000;
const pagesFollowed = 5;
const mebibyte = 1024 * 1024;
const appId = 'app_growth0000000000000';

installCleanup();

/** Sessions of 10 messages, as one turn after the other would have stored them (ended since). */
async function fill(schema: string, messages: number): Promise<void> {
  const store = await PostgresStore.open({ connectionString: databaseUrl, schema });
  await store.close();
  const sessions = Math.ceil(messages / 10);
  const run = (text: string, values: unknown[] = []) => querySchema(schema, text, values, databaseUrl);
  // Counted already: a store written through the engine has its buckets; no backfill on start.
  await run(
    `INSERT INTO settings (id, data) VALUES ('analytics_buckets', '{"id":"analytics_buckets","value":{"version":1}}')`,
  );
  await run(
    `INSERT INTO sessions (id, data) SELECT 'sess_g' || lpad(s::text, 18, '0'), jsonb_build_object(
       'id', 'sess_g' || lpad(s::text, 18, '0'), 'app_id', $1::text, 'user_id', null, 'metadata', '{}'::jsonb,
       'status', 'ended', 'message_count', 10, 'last_agent_id', null,
       'created_at', '2026-11-01T10:00:00.000Z', 'updated_at', '2026-11-01T10:05:00.000Z',
       'expires_at', '2026-11-01T11:05:00.000Z', 'ended_at', '2026-11-01T11:05:00.000Z', 'end_reason', 'expired',
       'escalated', false, 'escalated_at', null, 'escalation_reason', null)
     FROM generate_series(1, $2::int) AS s`,
    [appId, sessions],
  );
  await run(
    `INSERT INTO messages (id, data) SELECT 'msg_g' || lpad(m::text, 19, '0'), jsonb_build_object(
       'id', 'msg_g' || lpad(m::text, 19, '0'), 'thread_id', 'sess_g' || lpad(((m - 1) / 10 + 1)::text, 18, '0'),
       'role', CASE WHEN m % 2 = 1 THEN 'user' ELSE 'assistant' END,
       'content', 'A message of about forty characters, ' || m, 'created_at', '2026-11-01T10:01:00.000Z',
       'agent_id', null, 'agent_name', null, 'trace_id', null, 'usage', null, 'status', 'complete', 'error', null,
       'citations', '[]'::jsonb, 'applied_definitions', '[]'::jsonb, 'tools_used', '[]'::jsonb,
       'app_id', $1::text, 'author', null, 'latency_ms', null, 'feedback', null)
     FROM generate_series(1, $2::int) AS m`,
    [appId, messages],
  );
  await run('ANALYZE');
}

interface Row {
  build: 'base' | 'this';
  messages: number;
  startSeconds: number;
  startCpuSeconds: number;
  rssIdleMiB: number;
  rssAfterInboxMiB: number;
  rssAfterPagesMiB: number;
  pagesSeconds: number;
  pagesRead: number;
}

async function inboxPage(url: string, adminKey: string, query: string) {
  const response = await fetch(`${url}/v1/inbox/sessions?${query}`, {
    headers: { authorization: `Bearer ${adminKey}` },
  });
  const body = (await response.json()) as { data: unknown[]; has_more: boolean; next_cursor: string | null };
  if (response.status !== 200)
    throw new Error(`the inbox answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

/** One start of the server on the filled schema. */
async function measureOnce(
  build: 'base' | 'this',
  messages: number,
  schema: string,
  adminKey: string,
): Promise<Row> {
  const folder = temporaryFolder('parley-bench-growth-pg-');
  const started = performance.now();
  const server = await startCompiledServer(
    {
      PORT: '0',
      PARLEY_DATA_DIR: folder,
      PARLEY_ADMIN_KEY: adminKey,
      DATABASE_URL: databaseUrl,
      PARLEY_DATABASE_SCHEMA: schema,
      REDIS_URL: '',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      LOG_LEVEL: 'info',
    },
    build === 'base' && baseRoot ? { root: baseRoot } : {},
  );
  try {
    const startSeconds = (performance.now() - started) / 1000;
    const startCpuSeconds = processCpuSeconds(server.pid) ?? Number.NaN;
    await sleep(idleMs);
    const rssIdle = procStatusBytes(server.pid, 'VmRSS') ?? Number.NaN;
    await inboxPage(server.url, adminKey, 'limit=20');
    await sleep(1_000);
    const rssAfterInbox = procStatusBytes(server.pid, 'VmRSS') ?? Number.NaN;
    const pagesStarted = performance.now();
    let cursor: string | null = null;
    let pagesRead = 0;
    for (let page = 0; page < pagesFollowed; page++) {
      const body = await inboxPage(
        server.url,
        adminKey,
        `status=ended&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      pagesRead += body.data.length;
      cursor = body.has_more ? body.next_cursor : null;
      if (!cursor) break;
    }
    const pagesSeconds = (performance.now() - pagesStarted) / 1000;
    await sleep(1_000);
    const rssAfterPages = procStatusBytes(server.pid, 'VmRSS') ?? Number.NaN;
    return {
      build,
      messages,
      startSeconds,
      startCpuSeconds,
      rssIdleMiB: rssIdle / mebibyte,
      rssAfterInboxMiB: rssAfterInbox / mebibyte,
      rssAfterPagesMiB: rssAfterPages / mebibyte,
      pagesSeconds,
      pagesRead,
    };
  } finally {
    await server.stop();
    removeTemporaryFolder(folder);
  }
}

/** Fills a schema with `messages`, then starts each build on it in turn, `repeats` times. */
async function measure(messages: number): Promise<Row[]> {
  const schema = newTestSchema();
  try {
    const fillStarted = performance.now();
    await fill(schema, messages);
    process.stderr.write(
      `filled ${messages} messages in ${((performance.now() - fillStarted) / 1000).toFixed(0)} s\n`,
    );
    // The admin key is stored by the first start on the schema: every start then uses that one.
    const adminKey = `sk_bench_${randomBytes(32).toString('base64url')}`;
    const rows: Row[] = [];
    const builds: ('base' | 'this')[] = baseRoot ? ['base', 'this'] : ['this'];
    for (let repeat = 0; repeat < repeats; repeat++)
      for (const build of repeat % 2 === 0 ? builds : [...builds].reverse()) {
        const row = await measureOnce(build, messages, schema, adminKey);
        process.stderr.write(`${JSON.stringify(row)}\n`);
        rows.push(row);
      }
    return rows;
  } finally {
    await dropSchema(schema, databaseUrl);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const shown = (values: number[], digits: number) =>
  values.length > 1
    ? `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`
    : (values[0] ?? Number.NaN).toFixed(digits);

const rows: Row[] = [];
for (const size of sizes) rows.push(...(await measure(size)));
const groups = new Map<string, Row[]>();
for (const row of rows) {
  const key = `${row.messages}|${row.build}`;
  groups.set(key, [...(groups.get(key) ?? []), row]);
}
process.stdout.write(
  [
    `PostgreSQL store growth, one node (compiled server; medians (ranges) of ${repeats} starts each):`,
    '| stored messages | build | start to listening, s | CPU until listening, s | RSS idle, MiB | RSS after one inbox page, MiB | RSS after 5 pages of ended, MiB | 5 pages, s |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...[...groups.values()].map((group) => {
      const first = group[0] as Row;
      const of = (pick: (row: Row) => number, digits: number) => shown(group.map(pick), digits);
      return `| ${first.messages.toLocaleString('en-US')} | ${first.build} | ${of((row) => row.startSeconds, 2)} | ${of((row) => row.startCpuSeconds, 2)} | ${of((row) => row.rssIdleMiB, 0)} | ${of((row) => row.rssAfterInboxMiB, 0)} | ${of((row) => row.rssAfterPagesMiB, 0)} | ${of((row) => row.pagesSeconds, 2)} |`;
    }),
    '',
  ].join('\n'),
);
