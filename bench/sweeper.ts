/**
 * What a session sweep costs with many active sessions that are not due: N active
 * sessions (written through the store, as an earlier run left them) plus 10 that
 * are due, on a LowdbStore in process. Times the first sweep (it loads the expiry
 * times once), then sweeps with 10 newly due sessions each, against reading every
 * active session as the sweeper did before. Standalone: `npx tsx bench/sweeper.ts`
 * (BENCH_SWEEPER_SESSIONS, comma list; default 1000,100000).
 */
import { performance } from 'node:perf_hooks';
import { type Clock, Engine, put, type SessionRecord, toIso, type WriteOperation } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { removeTemporaryFolder, temporaryFolder } from './processes.js';
import { rounded, summarize } from './stats.js';

const sizes = (process.env.BENCH_SWEEPER_SESSIONS ?? '1000,100000').split(',').map(Number);
const rounds = 20;

function session(id: string, appId: string, now: number, expiresAt: number): SessionRecord {
  return {
    id,
    app_id: appId,
    user_id: null,
    metadata: {},
    status: 'active',
    message_count: 0,
    last_agent_id: null,
    created_at: toIso(now),
    updated_at: toIso(now),
    expires_at: toIso(expiresAt),
    ended_at: null,
    end_reason: null,
    escalated: false,
    escalated_at: null,
    escalation_reason: null,
  };
}

async function measure(active: number) {
  const folder = temporaryFolder('parley-bench-sweeper-');
  try {
    const begin = Date.UTC(2024, 0, 1);
    const clock: Clock & { time: number } = { time: begin, now: () => clock.time };
    const store = await LowdbStore.open({ directory: folder });
    let operations: WriteOperation[] = [];
    for (let index = 0; index < active; index += 1) {
      operations.push(
        put('sessions', session(`sess_idle${index}`, 'app_bench', begin, begin + 30 * 86_400_000)),
      );
      if (operations.length === 1_000) {
        await store.write(operations);
        operations = [];
      }
    }
    // Ten come due at each of the rounds' minutes.
    for (let round = 0; round <= rounds; round += 1) {
      for (let index = 0; index < 10; index += 1) {
        operations.push(
          put(
            'sessions',
            session(`sess_due${round}_${index}`, 'app_bench', begin, begin + (round + 1) * 60_000),
          ),
        );
      }
    }
    await store.write(operations);
    const engine = new Engine({ store, model: new OfflineModel(), clock });
    clock.time = begin + 60_000;
    let started = performance.now();
    await engine.sessions.sweepExpired();
    const first = performance.now() - started;
    const sweeps: number[] = [];
    const fullReads: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      clock.time = begin + (round + 1) * 60_000;
      started = performance.now();
      const ended = await engine.sessions.sweepExpired();
      sweeps.push(performance.now() - started);
      if (ended !== 10) throw new Error(`ended ${ended}, not 10`);
    }
    const examined = engine.sessions.sweepStats().examined;
    for (let round = 1; round <= rounds; round += 1) {
      started = performance.now();
      const now = toIso(clock.time);
      (await store.all('sessions', { status: 'active' })).filter((record) => record.expires_at <= now);
      fullReads.push(performance.now() - started);
    }
    await engine.close();
    return {
      examined,
      first,
      sweep: rounded(summarize(sweeps), 2),
      fullRead: rounded(summarize(fullReads), 2),
    };
  } finally {
    removeTemporaryFolder(folder);
  }
}

const lines = [
  '| active sessions | sessions read by 21 sweeps | first sweep (loads expiries) ms | sweep of 10 due: p50 ms | max ms | before (read every active): p50 ms | max ms |',
  '|---:|---:|---:|---:|---:|---:|---:|',
];
for (const size of sizes) {
  const result = await measure(size);
  lines.push(
    `| ${size} | ${result.examined} | ${result.first.toFixed(1)} | ${result.sweep.p50} | ${result.sweep.max} | ${result.fullRead.p50} | ${result.fullRead.max} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
