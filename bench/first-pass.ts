/**
 * What the first passes over a large data folder cost the event loop: N ended and N active
 * sessions written through the store (as an earlier run left them), then, each round, the
 * analytics backfill (counting the folder into hour buckets), the session sweeper's first sweep
 * (loads every active session's expiry) and the history retention's first pass (loads every
 * ended session), each on a freshly opened engine, with the longest event-loop delay during each.
 * test/first-pass-loading.test.ts checks the reading is done in pages; this reports what that
 * costs in milliseconds. Standalone: `npx tsx bench/first-pass.ts`
 * (BENCH_FIRST_PASS_SESSIONS, per status, default 50000; BENCH_FIRST_PASS_ROUNDS, default 3).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  type Clock,
  Engine,
  newId,
  put,
  remove,
  removeWhere,
  type SessionRecord,
  toIso,
  type WriteOperation,
} from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { removeTemporaryFolder, temporaryFolder } from './processes.js';
import { rounded, summarize } from './stats.js';

const perStatus = Number(process.env.BENCH_FIRST_PASS_SESSIONS ?? 50_000);
const rounds = Number(process.env.BENCH_FIRST_PASS_ROUNDS ?? 3);
const day = 86_400_000;
const begin = Date.UTC(2024, 5, 1, 12, 0, 0);
const clock: Clock = { now: () => begin };
const retention = { sessionDays: 30 };

function session(appId: string, status: 'ended' | 'active', index: number): SessionRecord {
  const at = toIso(begin - day + index);
  return {
    id: newId('sess'),
    app_id: appId,
    user_id: null,
    metadata: {},
    status,
    message_count: 0,
    last_agent_id: null,
    created_at: at,
    updated_at: at,
    expires_at: status === 'ended' ? at : toIso(begin + 3_600_000),
    ended_at: status === 'ended' ? at : null,
    end_reason: status === 'ended' ? 'expired' : null,
    escalated: false,
    escalated_at: null,
    escalation_reason: null,
  };
}

/** The longest event-loop delay (ms) while `task` runs. */
async function longestDelay(task: () => Promise<unknown>): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const pause = () => new Promise((resolve) => setTimeout(resolve, 30));
  try {
    // The monitor's first sample comes once its timer has run once; a last long step is
    // measured when the loop comes round again.
    await pause();
    await task();
    await pause();
  } finally {
    delay.disable();
  }
  return delay.max / 1e6;
}

async function open(folder: string): Promise<Engine> {
  const store = await LowdbStore.open({ directory: folder });
  return new Engine({ store, model: new OfflineModel(), clock, retention });
}

async function fill(folder: string): Promise<string> {
  const engine = await open(folder);
  const agent = await engine.agents.create({ name: 'Busy agent' } as never);
  const app = await engine.apps.create({
    name: 'Busy',
    agents: [agent.id],
    session_ttl_seconds: 3600,
  } as never);
  await engine.close();
  const store = await LowdbStore.open({ directory: folder });
  for (const status of ['ended', 'active'] as const) {
    for (let start = 0; start < perStatus; start += 5_000) {
      const operations: WriteOperation[] = [];
      for (let index = start; index < Math.min(perStatus, start + 5_000); index += 1) {
        operations.push(put('sessions', session(app.id, status, index)));
      }
      await store.write(operations);
    }
  }
  await store.close();
  return app.id;
}

const folder = temporaryFolder('parley-bench-first-pass-');
try {
  const appId = await fill(folder);
  const samples = { backfill: [] as number[], sweep: [] as number[], retention: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    // As an earlier version left it: nothing counted yet.
    const store = await LowdbStore.open({ directory: folder });
    await store.write([
      remove('settings', 'analytics_buckets'),
      removeWhere('analytics_buckets', { app_id: appId }),
      removeWhere('analytics_latencies', { app_id: appId }),
    ]);
    await store.close();
    let engine = await open(folder);
    samples.backfill.push(await longestDelay(() => engine.analyticsReady()));
    await engine.close();
    engine = await open(folder);
    await engine.analyticsReady();
    samples.sweep.push(await longestDelay(() => engine.sessions.sweepExpired()));
    samples.retention.push(await longestDelay(() => engine.pruneHistory()));
    await engine.close();
  }
  const lines = [
    `first passes at ${perStatus} ended + ${perStatus} active sessions, ${rounds} rounds: longest event-loop delay (ms)`,
    '| pass | median | max |',
    '|---|---:|---:|',
  ];
  for (const [pass, values] of Object.entries(samples)) {
    const summary = rounded(summarize(values), 1);
    lines.push(`| ${pass} | ${summary.p50} | ${summary.max} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  removeTemporaryFolder(folder);
}
