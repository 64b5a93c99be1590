/**
 * Analytics from the hour buckets kept as turns are written: every report equals a
 * count over every stored record (the way it was computed before the buckets), over a
 * varied history of two apps, and a data folder from before the buckets is counted on start.
 */
import {
  type MessageRecord,
  newId,
  put,
  type SessionRecord,
  toIso,
  type WriteOperation,
} from '@parley/engine';
import { LowdbStore } from '@parley/store-lowdb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bruteForceReport,
  bucketsOf,
  EngineOnDisk,
  SteppingClock,
  storeOf,
} from './support/engine-on-disk.js';
import { StoreReads } from './support/store-reads.js';
import { day, hour, newApp, sequence, windowsFor, writeVariedHistory } from './support/varied-history.js';

describe('analytics from the hour buckets', () => {
  const disks: EngineOnDisk[] = [];
  afterEach(async () => {
    for (const disk of disks.splice(0)) await disk.remove();
  });

  it('answers exactly what a count over every stored record gives, for every app and window', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const begin = Date.UTC(2024, 0, 15, 21, 10, 0);
    const clock = new SteppingClock(begin);
    const engine = await disk.open(clock);
    // Counted from here on as it is written (a new folder: nothing to count from the records).
    await engine.analyticsReady();
    const appIds = [await newApp(engine, 'Shop', 3 * 3600), await newApp(engine, 'Help', 1800)];
    await writeVariedHistory(engine, clock, appIds, 400);
    // Then a burst at once: turns on both apps side by side with ratings changing.
    const rated = (await storeOf(engine).all('messages')).filter(
      (message) => message.role === 'assistant' && message.app_id !== null,
    );
    await Promise.all([
      ...Array.from({ length: 40 }, (_, index) =>
        engine.execute(appIds[index % 2] as string, { message: `At once ${index}` }),
      ),
      ...rated.slice(-30).flatMap((answer) =>
        ['up', 'down', 'up'].map((rating) =>
          engine.sessions.rate(answer.app_id as string, answer.thread_id, answer.id, {
            rating: rating as 'up' | 'down',
          }),
        ),
      ),
    ]);

    const store = storeOf(engine);
    let compared = 0;
    for (const appId of appIds) {
      const totals = await bruteForceReport(store, appId, {
        from: toIso(begin - hour),
        to: toIso(clock.time + hour),
        interval: 'day',
      });
      // The history is varied enough to mean something.
      expect(totals.totals.feedback_up).toBeGreaterThan(0);
      expect(totals.totals.feedback_down).toBeGreaterThan(0);
      expect(totals.totals.escalations).toBeGreaterThan(0);
      expect(totals.totals.human_agent_messages).toBeGreaterThan(0);
      expect(totals.totals.tool_calls).toBeGreaterThan(0);
      expect(totals.totals.latency_ms.count).toBeGreaterThan(10);
      for (const window of windowsFor(begin, clock.time)) {
        const report = await engine.analytics(appId, window);
        expect(report).toEqual(await bruteForceReport(store, appId, report));
        compared += 1;
      }
    }
    expect(compared).toBe(18);
  });

  it('answers a whole-hour window with the very from and to asked for', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const clock = new SteppingClock(Date.UTC(2024, 0, 15, 21, 10, 0));
    const engine = await disk.open(clock);
    const [appId] = [await newApp(engine, 'Shop', 3600)];
    await engine.execute(appId, { message: 'hello' });
    const report = await engine.analytics(appId, {
      from: '2024-01-15T20:00:00Z',
      to: '2024-01-15T23:00:00Z',
      interval: 'hour',
    });
    expect(report).toMatchObject({ from: '2024-01-15T20:00:00Z', to: '2024-01-15T23:00:00Z' });
    expect(report.series.map((bucket) => [bucket.start, bucket.messages])).toEqual([
      ['2024-01-15T20:00:00Z', 0],
      ['2024-01-15T21:00:00Z', 2],
      ['2024-01-15T22:00:00Z', 0],
    ]);
  });

  it('counts a data folder written before the buckets on start, also while turns go on', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const begin = Date.UTC(2024, 2, 30, 22, 0, 0);
    const clock = new SteppingClock(begin);
    let engine = await disk.open(clock);
    const appIds = [await newApp(engine, 'Shop', 3 * 3600), await newApp(engine, 'Help', 3600)];
    await disk.close();

    // An earlier version's folder: sessions and messages, no buckets.
    const raw = await LowdbStore.open({ directory: disk.folder });
    const random = sequence(11);
    const written: SessionRecord[] = [];
    for (let index = 0; index < 1_500; index += 1) {
      const appId = appIds[index % 2] as string;
      const at = begin - random(20) * day - random(day);
      const session: SessionRecord = {
        id: newId('sess'),
        app_id: appId,
        user_id: null,
        metadata: {},
        status: 'ended',
        message_count: 6,
        last_agent_id: null,
        created_at: toIso(at),
        updated_at: toIso(at),
        expires_at: toIso(at + hour),
        ended_at: toIso(at + hour),
        end_reason: 'expired',
        escalated: index % 7 === 0,
        escalated_at: index % 7 === 0 ? toIso(at + 60_000) : null,
        escalation_reason: index % 7 === 0 ? 'user_requested' : null,
      };
      const operations: WriteOperation[] = [put('sessions', session)];
      for (let turn = 0; turn < 6; turn += 1) {
        const answer = turn % 2 === 1;
        operations.push(
          put('messages', {
            id: newId('msg'),
            thread_id: session.id,
            role: answer ? 'assistant' : turn === 4 ? 'human_agent' : 'user',
            content: 'text',
            created_at: toIso(at + turn * 600_000),
            agent_id: null,
            agent_name: null,
            trace_id: null,
            usage: answer ? { input_tokens: random(500), output_tokens: random(50) } : null,
            status: 'complete',
            error: null,
            citations: [],
            applied_definitions: [],
            tools_used: answer && random(3) === 0 ? ['search_knowledge'] : [],
            app_id: appId,
            author: null,
            latency_ms: answer ? 100 + random(2000) : null,
            feedback: answer && random(4) === 0 ? { rating: 'down', comment: null, at: toIso(at) } : null,
          } satisfies MessageRecord),
        );
      }
      await raw.write(operations);
      written.push(session);
    }
    await raw.close();

    engine = await disk.open(clock);
    const counting = engine.analyticsReady();
    // Turns and ratings while the history is being counted (it yields between slices).
    const answers = (await storeOf(engine).all('messages')).filter((message) => message.role === 'assistant');
    const ratingsMeanwhile = (async () => {
      // Newest first: the count reads oldest first, so these change before it reaches them.
      for (const answer of answers.filter((_, index) => index % 5 === 0).reverse()) {
        const rating = answer.feedback?.rating === 'down' ? 'up' : 'down';
        await engine.sessions.rate(answer.app_id as string, answer.thread_id, answer.id, { rating });
      }
    })();
    await Promise.all([
      counting,
      ratingsMeanwhile,
      ...appIds.map((appId) => engine.execute(appId, { message: 'new question' })),
    ]);
    const window = { from: toIso(begin - 30 * day), to: toIso(begin + day), interval: 'day' as const };
    for (const appId of appIds) {
      const report = await engine.analytics(appId, window);
      expect(report.totals.sessions).toBe(751);
      expect(report).toEqual(await bruteForceReport(storeOf(engine), appId, report));
    }

    // Counted once: a restart does not count again.
    const buckets = await bucketsOf(storeOf(engine), appIds[0] as string);
    await disk.close();
    engine = await disk.open(clock);
    await engine.analyticsReady();
    expect(await bucketsOf(storeOf(engine), appIds[0] as string)).toEqual(buckets);
    expect(written).toHaveLength(1_500);
  });

  it('neither counting an old folder nor a report holds up the server, at 150,000 stored messages', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const begin = Date.UTC(2024, 2, 30, 22, 0, 0);
    const clock = new SteppingClock(begin, 0);
    let engine = await disk.open(clock);
    const appId = await newApp(engine, 'Busy', 3600);
    await disk.close();
    const raw = await LowdbStore.open({ directory: disk.folder });
    for (let batch = 0; batch < 300; batch += 1) {
      const operations: WriteOperation[] = [];
      for (let index = 0; index < 50; index += 1) {
        const at = begin - 30 * day + (batch * 50 + index) * 170_000;
        const sessionId = newId('sess');
        operations.push(
          put('sessions', {
            id: sessionId,
            app_id: appId,
            user_id: null,
            metadata: {},
            status: 'ended',
            message_count: 10,
            last_agent_id: null,
            created_at: toIso(at),
            updated_at: toIso(at),
            expires_at: toIso(at),
            ended_at: toIso(at),
            end_reason: 'expired',
            escalated: false,
            escalated_at: null,
            escalation_reason: null,
          }),
        );
        for (let turn = 0; turn < 10; turn += 1) {
          operations.push(
            put('messages', {
              id: newId('msg'),
              thread_id: sessionId,
              role: turn % 2 === 1 ? 'assistant' : 'user',
              content: 'Our return policy allows returns within 30 days.',
              created_at: toIso(at + turn * 5_000),
              agent_id: null,
              agent_name: null,
              trace_id: null,
              usage: { input_tokens: 120, output_tokens: 30 },
              status: 'complete',
              error: null,
              citations: [],
              applied_definitions: [],
              tools_used: turn === 3 ? ['search_knowledge'] : [],
              app_id: appId,
              author: null,
              latency_ms: turn % 2 === 1 ? 200 + ((batch * 37 + turn) % 900) : null,
              feedback: null,
            }),
          );
        }
      }
      await raw.write(operations);
    }
    await raw.close();

    const reads = new StoreReads();
    engine = await disk.open(clock, undefined, (store) => reads.wrap(store));
    // Counting the old folder reads all of it, a few pages between two turns of other work.
    const counting = await reads.duringTask(() => engine.analyticsReady());
    expect(reads.of('messages')).toBe(150_000);
    expect(counting.mostReadInOneTurn).toBeLessThanOrEqual(5_000);
    expect(counting.turnsGiven).toBeGreaterThanOrEqual(165_000 / 5_000);
    // A report reads the hour buckets of its window, never the sessions or messages: its cost
    // is the hours asked for, not the 150,000 messages stored (counting them took 230-800 ms a
    // report here; `pnpm bench:analytics` times both).
    const messagesRead = reads.of('messages');
    const sessionsRead = reads.of('sessions');
    for (let request = 0; request < 3; request += 1) {
      const before = reads.total();
      const report = await engine.analytics(appId, { from: toIso(begin - 31 * day) });
      expect(report.totals.messages).toBe(150_000);
      expect(report.totals.sessions).toBe(15_000);
      // 31 days of hour buckets and their latency bands (about 1,600 records), not 165,000.
      expect(reads.total() - before).toBeLessThanOrEqual(5_000);
    }
    expect({ messages: reads.of('messages'), sessions: reads.of('sessions') }).toEqual({
      messages: messagesRead,
      sessions: sessionsRead,
    });
  }, 120_000);
});
