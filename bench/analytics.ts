/**
 * Analytics on 1,000,000 stored messages: fills a data folder through the store
 * (100,000 sessions of 10 messages, with usage, latency, feedback, tools and
 * escalations) as an earlier version left it (no analytics buckets), starts Parley
 * on it, and measures, with the longest event-loop delay and the slowest /healthz
 * probe (every 20 ms) during each:
 * - counting that history into the hour buckets on start (once, in slices);
 * - GET /v1/apps/:id/analytics over HTTP, 31 days by day and 7 days by hour;
 * - for comparison, the report as it was computed before (every session and message
 *   of the app read and counted, in this process on the same store).
 * Standalone: `pnpm bench:analytics` (BENCH_ANALYTICS_MESSAGES to change the size).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import {
  type MessageRecord,
  newId,
  put,
  randomToken,
  remove,
  type SessionRecord,
  toIso,
  type WriteOperation,
} from '@parley/engine';
import { readConfig, startParley } from '@parley/server';
import { LowdbStore } from '@parley/store-lowdb';
import { fullCountReport } from './analytics-full-count.js';
import { removeTemporaryFolder, temporaryFolder } from './processes.js';
import { rounded, summarize } from './stats.js';

const totalMessages = Number(process.env.BENCH_ANALYTICS_MESSAGES ?? 1_000_000);
const messagesPerSession = 10;
const requests = 30;
const targetMilliseconds = 200;

function message(sessionId: string, appId: string, index: number, at: number): MessageRecord {
  const answer = index % 2 === 1;
  return {
    id: newId('msg'),
    thread_id: sessionId,
    role: answer ? 'assistant' : 'user',
    content: answer ? 'Our return policy allows returns within 30 days.' : 'What is your return policy?',
    created_at: toIso(at),
    agent_id: answer ? 'agt_benchanalyticsagent' : null,
    agent_name: answer ? 'Support' : null,
    trace_id: answer ? newId('trace') : null,
    usage: answer ? { input_tokens: 120, output_tokens: 30 } : null,
    status: 'complete',
    error: null,
    citations: [],
    applied_definitions: [],
    tools_used: answer && index % 4 === 1 ? ['search_knowledge'] : [],
    app_id: appId,
    author: null,
    latency_ms: answer ? 200 + ((index * 37) % 900) : null,
    feedback:
      answer && index % 5 === 0
        ? { rating: index % 10 === 0 ? 'down' : 'up', comment: null, at: toIso(at) }
        : null,
  };
}

async function fill(folder: string, adminKey: string): Promise<string> {
  const running = await startParley(
    readConfig({ PORT: '0', PARLEY_DATA_DIR: folder, PARLEY_ADMIN_KEY: adminKey, LOG_LEVEL: 'silent' }),
  );
  const appId = running.demo.appId;
  await running.stop();
  const store = await LowdbStore.open({ directory: folder });
  const now = Date.now();
  const span = 30 * 86_400_000;
  // As an earlier version left the folder: no buckets, not counted yet.
  await store.write([remove('settings', 'analytics_buckets')]);
  let operations: WriteOperation[] = [];
  for (let session = 0; session < totalMessages / messagesPerSession; session += 1) {
    const createdAt = now - span + Math.floor((session / (totalMessages / messagesPerSession)) * span);
    const record: SessionRecord = {
      id: `sess_${randomToken(20)}`,
      app_id: appId,
      user_id: null,
      metadata: { channel: 'web' },
      status: 'ended',
      message_count: messagesPerSession,
      last_agent_id: null,
      created_at: toIso(createdAt),
      updated_at: toIso(createdAt),
      expires_at: toIso(createdAt + 3_600_000),
      ended_at: toIso(createdAt + 600_000),
      end_reason: 'deleted',
      escalated: session % 20 === 0,
      escalated_at: session % 20 === 0 ? toIso(createdAt + 60_000) : null,
      escalation_reason: session % 20 === 0 ? 'user_requested' : null,
    };
    operations.push(put('sessions', record));
    for (let index = 0; index < messagesPerSession; index += 1) {
      operations.push(put('messages', message(record.id, appId, index, createdAt + index * 5_000)));
    }
    if (operations.length >= 1_100) {
      await store.write(operations);
      operations = [];
    }
  }
  await store.write(operations);
  await store.close();
  return appId;
}

interface Stall {
  /** Longest event-loop delay, ms. */
  loop: number;
  /** Slowest /healthz answer, ms. */
  probe: number;
}

/** Runs `work` while measuring the event loop and probing /healthz every 20 ms. */
async function measureStall<T>(url: string, work: () => Promise<T>): Promise<{ result: T; stall: Stall }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let probing = true;
  let slowestProbe = 0;
  const probes = (async () => {
    while (probing) {
      const started = performance.now();
      await (await fetch(`${url}/healthz`)).arrayBuffer();
      slowestProbe = Math.max(slowestProbe, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    const result = await work();
    return { result, stall: { loop: delay.max / 1e6, probe: slowestProbe } };
  } finally {
    probing = false;
    await probes;
    delay.disable();
  }
}

async function main(): Promise<void> {
  const folder = temporaryFolder('parley-bench-analytics-');
  const adminKey = `sk_bench_${randomToken(32)}`;
  try {
    const fillStarted = performance.now();
    const appId = await fill(folder, adminKey);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const started = performance.now();
    const running = await startParley(
      readConfig({ PORT: '0', PARLEY_DATA_DIR: folder, PARLEY_ADMIN_KEY: adminKey, LOG_LEVEL: 'silent' }),
    );
    const startSeconds = (performance.now() - started) / 1000;
    try {
      const backfill = await measureStall(running.url, async () => {
        const begun = performance.now();
        await running.engine.analyticsReady();
        return (performance.now() - begun) / 1000;
      });
      const samples: Record<string, number[]> = { day: [], hour: [] };
      const stalls: Record<string, Stall> = {};
      let totals: Record<string, unknown> = {};
      for (const interval of ['day', 'hour'] as const) {
        const from = new Date(Date.now() - (interval === 'day' ? 31 : 7) * 86_400_000).toISOString();
        const url = `${running.url}/v1/apps/${appId}/analytics?interval=${interval}&from=${from}`;
        const measured = await measureStall(running.url, async () => {
          for (let request = 0; request < requests + 3; request += 1) {
            const begun = performance.now();
            const response = await fetch(url, { headers: { authorization: `Bearer ${adminKey}` } });
            const body = await response.json();
            const elapsed = performance.now() - begun;
            if (response.status !== 200) throw new Error(`analytics answered ${response.status}`);
            if (request >= 3) samples[interval]?.push(elapsed);
            if (interval === 'day') totals = body.totals;
          }
        });
        stalls[interval] = measured.stall;
      }
      const store = running.store;
      const fullCountSamples: number[] = [];
      const fullCount = await measureStall(running.url, async () => {
        for (let request = 0; request < 5; request += 1) {
          const begun = performance.now();
          await fullCountReport(store, appId, Date.now() - 31 * 86_400_000, Date.now());
          fullCountSamples.push(performance.now() - begun);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      });
      const day = rounded(summarize(samples.day ?? []), 1);
      const hour = rounded(summarize(samples.hour ?? []), 1);
      const before = rounded(summarize(fullCountSamples), 1);
      const ms = (value: number) => value.toFixed(1);
      process.stdout.write(
        [
          `Analytics on ${totals.messages} stored messages (${totalMessages / messagesPerSession} sessions; filled in ${fillSeconds.toFixed(1)} s; Parley started in ${startSeconds.toFixed(1)} s):`,
          `| what | p50 ms | p90 ms | p99 ms | max ms | longest event-loop delay ms | slowest /healthz ms | target |`,
          `|---|---:|---:|---:|---:|---:|---:|---|`,
          `| counting the history on start (once) | | | | ${ms(backfill.result * 1000)} | ${ms(backfill.stall.loop)} | ${ms(backfill.stall.probe)} | |`,
          `| 31 days by day (HTTP) | ${day.p50} | ${day.p90} | ${day.p99} | ${day.max} | ${ms(stalls.day?.loop ?? 0)} | ${ms(stalls.day?.probe ?? 0)} | < ${targetMilliseconds} ms: ${day.p99 < targetMilliseconds ? 'pass' : 'FAIL'} |`,
          `| 7 days by hour (HTTP) | ${hour.p50} | ${hour.p90} | ${hour.p99} | ${hour.max} | ${ms(stalls.hour?.loop ?? 0)} | ${ms(stalls.hour?.probe ?? 0)} | < ${targetMilliseconds} ms: ${hour.p99 < targetMilliseconds ? 'pass' : 'FAIL'} |`,
          `| before: every message counted, 31 days (in process) | ${before.p50} | ${before.p90} | ${before.p99} | ${before.max} | ${ms(fullCount.stall.loop)} | ${ms(fullCount.stall.probe)} | |`,
          `totals: ${JSON.stringify(totals)}`,
          '',
        ].join('\n'),
      );
    } finally {
      await running.stop();
    }
  } finally {
    removeTemporaryFolder(folder);
  }
}

await main();
