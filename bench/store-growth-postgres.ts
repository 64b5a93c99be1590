/**
 * One node on PostgreSQL as data grows: for 0 and 1,000,000 stored messages (sessions of 10
 * messages of about 40 characters, ended, written by SQL `INSERT … SELECT generate_series` into a
 * schema of this run, dropped after), starts the real server process on it and reports the time
 * from spawn to listening (the "Parley ready" line), the CPU until then, the RSS once idle (after
 * the first sweeps: 12 s) and the RSS after one page of the console's inbox (`GET /v1/inbox/sessions`).
 *
 * `BENCH_DATABASE_URL` (this machine's test database by default); `BENCH_STORE_GROWTH_SIZES=0,1000000`.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, querySchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import {
  installCleanup,
  processCpuSeconds,
  procStatusBytes,
  removeTemporaryFolder,
  spawnChild,
  stopChild,
  temporaryFolder,
} from './processes.js';

const databaseUrl = process.env.BENCH_DATABASE_URL || testDatabaseUrl;
const sizes = (process.env.BENCH_STORE_GROWTH_SIZES ?? '0,1000000').split(',').map(Number);
const idleMs = 12_000;
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
  messages: number;
  fillSeconds: number;
  startSeconds: number;
  startCpuSeconds: number;
  rssIdleMiB: number;
  rssAfterInboxMiB: number;
}

async function measure(messages: number): Promise<Row> {
  const schema = newTestSchema();
  const folder = temporaryFolder('parley-bench-growth-pg-');
  try {
    const fillStarted = performance.now();
    await fill(schema, messages);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const adminKey = `sk_bench_${randomBytes(32).toString('base64url')}`;
    const started = performance.now();
    const server = spawnChild({
      name: 'parley',
      script: 'packages/server/src/main.ts',
      environment: {
        PORT: '0',
        PARLEY_DATA_DIR: folder,
        PARLEY_ADMIN_KEY: adminKey,
        DATABASE_URL: databaseUrl,
        PARLEY_DATABASE_SCHEMA: schema,
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        LOG_LEVEL: 'info',
      },
    });
    try {
      const ready = await server.waitForLine(/"msg":"Parley ready at (http:\/\/[^"]+)"/, 600_000);
      const startSeconds = (performance.now() - started) / 1000;
      const startCpuSeconds = processCpuSeconds(server.pid) ?? Number.NaN;
      await sleep(idleMs);
      const rssIdle = procStatusBytes(server.pid, 'VmRSS') ?? Number.NaN;
      const inbox = await fetch(`${ready[1]}/v1/inbox/sessions?limit=20`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      await inbox.arrayBuffer();
      if (inbox.status !== 200) throw new Error(`the inbox answered ${inbox.status}`);
      await sleep(1_000);
      const rssAfterInbox = procStatusBytes(server.pid, 'VmRSS') ?? Number.NaN;
      return {
        messages,
        fillSeconds,
        startSeconds,
        startCpuSeconds,
        rssIdleMiB: rssIdle / mebibyte,
        rssAfterInboxMiB: rssAfterInbox / mebibyte,
      };
    } finally {
      await stopChild(server);
    }
  } finally {
    removeTemporaryFolder(folder);
    await dropSchema(schema, databaseUrl);
  }
}

const rows: Row[] = [];
for (const size of sizes) {
  const row = await measure(size);
  rows.push(row);
  process.stderr.write(`${JSON.stringify(row)}\n`);
}
process.stdout.write(
  [
    'PostgreSQL store growth, one node:',
    '| stored messages | start to listening, s | CPU until listening, s | RSS idle, MiB | RSS after one inbox page, MiB | fill, s |',
    '|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.messages.toLocaleString('en-US')} | ${row.startSeconds.toFixed(2)} | ${row.startCpuSeconds.toFixed(2)} | ${row.rssIdleMiB.toFixed(0)} | ${row.rssAfterInboxMiB.toFixed(0)} | ${row.fillSeconds.toFixed(0)} |`,
    ),
    '',
  ].join('\n'),
);
