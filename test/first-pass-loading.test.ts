/**
 * The first pass of the analytics backfill reads every session: it reads them in pages and
 * lets other work run in between, so a large data folder does not hold up the server when it
 * first runs. The session sweeper and the history retention read no session that is not due
 * (the store's ordered ranges: active sessions by expiry, ended ones by `ended_at`), first
 * pass or not. What the store hands out is counted per turn of the event loop
 * (the longest stall, in milliseconds, is measured by `npx tsx bench/first-pass.ts`).
 */
import { type Engine, newId, put, toIso, type WriteOperation } from '@parley/engine';
import { LowdbStore } from '@parley/store-lowdb';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineOnDisk, SteppingClock } from './support/engine-on-disk.js';
import { StoreReads } from './support/store-reads.js';

const day = 86_400_000;
const perStatus = 100_000;

async function newApp(engine: Engine): Promise<string> {
  const agent = await engine.agents.create({ name: 'Busy agent' } as never);
  const app = await engine.apps.create({
    name: 'Busy',
    agents: [agent.id],
    session_ttl_seconds: 3600,
  } as never);
  return app.id;
}

/** A page of the store is 1,000 records: reading 100,000 at once is what held the server up. */
const mostInOneTurn = 5_000;

describe('the first pass over a large data folder', () => {
  const disks: EngineOnDisk[] = [];
  afterEach(async () => {
    for (const disk of disks.splice(0)) await disk.remove();
  });

  it('reads the sessions in pages: 100,000 ended and 100,000 active sessions hold up nothing', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const begin = Date.UTC(2024, 5, 1, 12, 0, 0);
    const clock = new SteppingClock(begin, 0);
    const retention = { sessionDays: 30 };
    let engine = await disk.open(clock, retention);
    const appId = await newApp(engine);
    await disk.close();

    // Written straight to the store: ended a day ago (kept 30 days), or active for another hour.
    const raw = await LowdbStore.open({ directory: disk.folder });
    for (const status of ['ended', 'active'] as const) {
      for (let start = 0; start < perStatus; start += 5_000) {
        const operations: WriteOperation[] = [];
        for (let index = start; index < start + 5_000; index += 1) {
          const at = toIso(begin - day + index);
          operations.push(
            put('sessions', {
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
            }),
          );
        }
        await raw.write(operations);
      }
    }
    await raw.close();

    let reads = new StoreReads();
    engine = await disk.open(clock, retention, (store) => reads.wrap(store));
    const backfill = await reads.duringTask(() => engine.analyticsReady());
    const backfillSessions = reads.of('sessions');
    // Opened again (the records read afresh from disk), the folder counted: the sweeper reads
    // none of the 100,000 active sessions (none is due), the retention none of the ended ones.
    await disk.close();
    reads = new StoreReads();
    engine = await disk.open(clock, retention, (store) => reads.wrap(store));
    await engine.analyticsReady();
    const sweep = await reads.duringTask(async () => expect(await engine.sessions.sweepExpired()).toBe(0));
    expect(reads.of('sessions')).toBe(0);
    const prune = await reads.duringTask(async () =>
      expect(await engine.pruneHistory()).toEqual({ sessions: 0, conversations: 0 }),
    );
    expect(reads.of('sessions')).toBe(0);
    // The backfill read every session, but never more than a few pages before other work
    // (a request, a timer) had its turn: read at once, one turn held 100,000 sessions.
    expect(backfillSessions).toBeGreaterThanOrEqual(2 * perStatus);
    expect({
      backfill: backfill.mostReadInOneTurn <= mostInOneTurn,
      sweep: sweep.mostReadInOneTurn <= mostInOneTurn,
      prune: prune.mostReadInOneTurn <= mostInOneTurn,
    }).toEqual({ backfill: true, sweep: true, prune: true });
    // And other work did get those turns while each pass ran.
    expect(backfill.turnsGiven).toBeGreaterThanOrEqual(perStatus / mostInOneTurn);
    // The active sessions expire on time, read in pages of the due ones.
    clock.advance(2 * 3_600_000);
    expect(await engine.sessions.sweepExpired()).toBe(perStatus);
  }, 120_000);
});
