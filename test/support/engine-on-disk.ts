import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type AnalyticsBucketRecord,
  type Clock,
  Engine,
  type MessageRecord,
  type Principal,
  type SessionRecord,
  type Store,
  toIso,
} from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';

/**
 * A clock the test moves. Each reading also moves it on by a few hundred milliseconds
 * (a fixed pseudo-random sequence), so answers get different latencies.
 */
export class SteppingClock implements Clock {
  private seed = 12_345;
  constructor(
    public time: number,
    private readonly stepMaximum = 400,
  ) {}

  now(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    this.time += this.stepMaximum === 0 ? 0 : Math.floor((this.seed / 2_147_483_648) * this.stepMaximum);
    return this.time;
  }

  advance(milliseconds: number): void {
    this.time += milliseconds;
  }
}

export const secretPrincipal: Principal = {
  kind: 'secret',
  id: 'key_test',
  plan: 'enterprise',
  rateLimit: { per_minute: 1_000_000, per_day: 1_000_000 },
};

/** The store each engine opened here runs on, for the tests' own reads of its records. */
const storesOfEngines = new WeakMap<Engine, Store>();

/** The store `engine` (opened by an `EngineOnDisk`) runs on. */
export function storeOf(engine: Engine): Store {
  const store = storesOfEngines.get(engine);
  if (!store) throw new Error('this engine was not opened by an EngineOnDisk');
  return store;
}

/** A temporary data folder and an engine on it (real LowdbStore, offline model). */
export class EngineOnDisk {
  engine: Engine | null = null;

  /** In a new temporary folder, or in `folder` (e.g. a `SmallDisk`'s). */
  constructor(readonly folder = mkdtempSync(path.join(tmpdir(), 'parley-engine-'))) {}

  /** `wrapStore` puts something between the engine and its store (e.g. a `StoreReads` counting reads). */
  async open(
    clock: Clock,
    retention?: { sessionDays?: number; conversationDays?: number },
    wrapStore: (store: Store) => Store = (store) => store,
  ): Promise<Engine> {
    const store = await LowdbStore.open({ directory: this.folder });
    this.engine = new Engine({ store: wrapStore(store), model: new OfflineModel(), clock, retention });
    storesOfEngines.set(this.engine, store);
    return this.engine;
  }

  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = null;
  }

  async remove(): Promise<void> {
    await this.close();
    rmSync(this.folder, { recursive: true, force: true });
  }
}

type Interval = 'hour' | 'day';

/**
 * The report as analytics computed it before the buckets: every stored session
 * and message of the app read and counted, for the window the answer names.
 */
export async function bruteForceReport(
  store: Store,
  appId: string,
  window: { from: string; to: string; interval: Interval },
) {
  const step = window.interval === 'hour' ? 3_600_000 : 86_400_000;
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const start = Math.floor(from / step) * step;
  const empty = () => ({
    sessions: 0,
    messages: 0,
    user_messages: 0,
    assistant_messages: 0,
    human_agent_messages: 0,
    escalations: 0,
    tool_calls: 0,
    input_tokens: 0,
    output_tokens: 0,
    feedback_up: 0,
    feedback_down: 0,
  });
  type Counters = ReturnType<typeof empty>;
  const totals = empty();
  const series = Array.from({ length: Math.ceil((to - start) / step) }, empty);
  const toolUse: Record<string, number> = {};
  const latencies: number[] = [];
  const bucketOf = (time: number): Counters | null =>
    time >= from && time < to ? (series[Math.floor((time - start) / step)] ?? null) : null;
  const add = (counters: Counters, message: MessageRecord) => {
    counters.messages += 1;
    if (message.role === 'user') counters.user_messages += 1;
    else if (message.role === 'assistant') counters.assistant_messages += 1;
    else counters.human_agent_messages += 1;
    counters.tool_calls += message.tools_used.length;
    counters.input_tokens += message.usage?.input_tokens ?? 0;
    counters.output_tokens += message.usage?.output_tokens ?? 0;
    if (message.feedback?.rating === 'up') counters.feedback_up += 1;
    if (message.feedback?.rating === 'down') counters.feedback_down += 1;
  };
  for (const session of (await store.all('sessions', { app_id: appId })) as SessionRecord[]) {
    const created = bucketOf(Date.parse(session.created_at));
    if (created) {
      created.sessions += 1;
      totals.sessions += 1;
    }
    const escalated = session.escalated_at ? bucketOf(Date.parse(session.escalated_at)) : null;
    if (escalated) {
      escalated.escalations += 1;
      totals.escalations += 1;
    }
  }
  for (const message of await store.all('messages', { app_id: appId })) {
    const bucket = bucketOf(Date.parse(message.created_at));
    if (!bucket) continue;
    add(bucket, message);
    add(totals, message);
    for (const tool of message.tools_used) toolUse[tool] = (toolUse[tool] ?? 0) + 1;
    if (message.role === 'assistant' && message.latency_ms !== null && message.status === 'complete')
      latencies.push(message.latency_ms);
  }
  latencies.sort((left, right) => left - right);
  const percentile = (fraction: number) =>
    latencies.length === 0
      ? null
      : (latencies[Math.min(latencies.length - 1, Math.ceil(fraction * latencies.length) - 1)] ?? null);
  return {
    app_id: appId,
    from: window.from,
    to: window.to,
    interval: window.interval,
    totals: {
      ...totals,
      tool_use: toolUse,
      latency_ms: {
        p50: percentile(0.5),
        p90: percentile(0.9),
        p99: percentile(0.99),
        count: latencies.length,
      },
    },
    series: series.map((counters, index) => ({ start: toIso(start + index * step), ...counters })),
  };
}

export async function bucketsOf(store: Store, appId: string): Promise<AnalyticsBucketRecord[]> {
  return store.all('analytics_buckets', { app_id: appId });
}
