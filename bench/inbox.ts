/**
 * The inbox on 50,000 stored sessions (embedded store, sessions stored before the process started, so
 * their details are read only when needed): the first listing (the store builds its order of
 * `updated_at`), a page newest first, a filter nothing matches (at most `inboxScanBudget` sessions
 * looked through per page), and a search (at most `inboxSearchReadBudget` sessions' details read per
 * page). Standalone: `npx tsx bench/inbox.ts`
 * (BENCH_INBOX_SESSIONS to change the size).
 */
import { performance } from 'node:perf_hooks';
import { Engine, type Principal, put, type WriteOperation } from '@parley/engine';
import { FixedClock, messageRecord, ScriptedModel, sessionRecord } from '@parley/engine/testing';
import { LowdbStore } from '@parley/store-lowdb';
import { removeTemporaryFolder, temporaryFolder } from './processes.js';

const total = Number(process.env.BENCH_INBOX_SESSIONS ?? 50_000);
const admin: Principal = {
  kind: 'secret',
  id: 'key_bench',
  plan: 'enterprise',
  rateLimit: { per_minute: 1, per_day: 1 },
};
const directory = temporaryFolder('parley-bench-inbox-');
const store = await LowdbStore.open({ directory });
for (let start = 0; start < total; start += 5_000) {
  const writes: WriteOperation[] = [];
  for (let index = start; index < Math.min(total, start + 5_000); index++) {
    const session = sessionRecord({
      updated_at: new Date(Date.parse('2026-01-15T00:00:00Z') + index * 1_000).toISOString(),
      expires_at: '2026-01-20T00:00:00Z',
      metadata: { userProfile: { name: `Visitor ${index}` } },
    });
    writes.push(
      put('sessions', session),
      put('messages', messageRecord(session.id, `question number ${index}`)),
    );
  }
  await store.write(writes);
}
const engine = new Engine({
  store,
  model: new ScriptedModel(),
  clock: new FixedClock(Date.parse('2026-01-16T00:00:00Z')),
});

async function timed(name: string, runs: number, call: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  for (let run = 0; run < runs; run++) await call();
  console.log(`${name}: ${((performance.now() - started) / runs).toFixed(2)} ms`);
}

console.log(`inbox over ${total} sessions`);
await timed('first listing (the store orders updated_at once)', 1, () =>
  engine.inbox.list(admin, { limit: 20, status: 'all' }),
);
await timed('a page, newest first', 50, () => engine.inbox.list(admin, { limit: 20, status: 'all' }));
await timed('needs a person, none do (5,000 looked through)', 50, () =>
  engine.inbox.list(admin, { limit: 20, status: 'needs_person' }),
);
await timed('search found nothing, first pages (200 details read each)', 20, () =>
  engine.inbox.list(admin, { limit: 20, status: 'all', q: 'no such words' }),
);
await timed('search again (details of the last 2,000 kept)', 20, () =>
  engine.inbox.list(admin, { limit: 20, status: 'all', q: 'question number 12' }),
);
await store.close();
removeTemporaryFolder(directory);
