import type { AnalyticsCounters } from '@parley/contract';
import type {
  AnalyticsBucketRecord,
  AnalyticsLatencyRecord,
  MessageRecord,
  SessionRecord,
} from '../types.js';
import { toIso } from '../util/clock.js';

/** The counters of a report, per bucket and in total. */
export const counterNames = [
  'sessions',
  'messages',
  'user_messages',
  'assistant_messages',
  'human_agent_messages',
  'escalations',
  'tool_calls',
  'input_tokens',
  'output_tokens',
  'feedback_up',
  'feedback_down',
] as const satisfies readonly (keyof AnalyticsCounters)[];

export type CounterName = (typeof counterNames)[number];
/** The contract's counters (`emptyCounters` fails to compile when the contract gains one). */
export type Counters = AnalyticsCounters;

export const hourMilliseconds = 3_600_000;

export function emptyCounters(): Counters {
  return {
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
  };
}

/** What some records add to (or, with sign -1, take from) the hour buckets of their apps. */
export interface BucketChange {
  app_id: string;
  hour: number;
  counters: Counters;
  tool_use: Record<string, number>;
  latency_ms: Record<string, number>;
}

export type BucketChanges = Map<string, BucketChange>;

/** The last hour formatted (turns write in the same hour, one after the other). */
let lastHour = Number.NaN;
let lastHourText = '';

export function bucketId(appId: string, hour: number): string {
  if (hour !== lastHour) {
    lastHour = hour;
    lastHourText = new Date(hour).toISOString().slice(0, 13);
  }
  return `${appId}@${lastHourText}`;
}

/** The start of the hour of a stored time. */
function hourOf(iso: string): number {
  return Math.floor(Date.parse(iso) / hourMilliseconds) * hourMilliseconds;
}

function changeAt(changes: BucketChanges, appId: string, iso: string): BucketChange {
  const hour = hourOf(iso);
  const id = bucketId(appId, hour);
  let change = changes.get(id);
  if (!change) {
    change = { app_id: appId, hour, counters: emptyCounters(), tool_use: {}, latency_ms: {} };
    changes.set(id, change);
  }
  return change;
}

function addKey(map: Record<string, number>, key: string, amount: number): void {
  map[key] = (map[key] ?? 0) + amount;
}

/** A session counts once in the hour it was opened, and as an escalation in the hour it was escalated. */
export function countSession(changes: BucketChanges, session: SessionRecord, sign: 1 | -1): void {
  changeAt(changes, session.app_id, session.created_at).counters.sessions += sign;
  if (session.escalated_at)
    changeAt(changes, session.app_id, session.escalated_at).counters.escalations += sign;
}

/** A message of a session counts in the hour it was written, with its tools, tokens, rating and latency. */
export function countMessage(changes: BucketChanges, message: MessageRecord, sign: 1 | -1): void {
  if (message.app_id === null) return;
  const change = changeAt(changes, message.app_id, message.created_at);
  const counters = change.counters;
  counters.messages += sign;
  if (message.role === 'user') counters.user_messages += sign;
  else if (message.role === 'assistant') counters.assistant_messages += sign;
  else counters.human_agent_messages += sign;
  counters.tool_calls += sign * message.tools_used.length;
  for (const tool of message.tools_used) addKey(change.tool_use, tool, sign);
  if (message.usage) {
    counters.input_tokens += sign * message.usage.input_tokens;
    counters.output_tokens += sign * message.usage.output_tokens;
  }
  if (message.feedback?.rating === 'up') counters.feedback_up += sign;
  else if (message.feedback?.rating === 'down') counters.feedback_down += sign;
  if (message.role === 'assistant' && message.latency_ms !== null && message.status === 'complete') {
    addKey(change.latency_ms, String(message.latency_ms), sign);
  }
}

function allZero(map: Record<string, number>): boolean {
  return Object.values(map).every((value) => value === 0);
}

/** Adds two changes (`into` is changed). */
export function mergeChange(into: BucketChange, change: BucketChange): void {
  for (const name of counterNames) into.counters[name] += change.counters[name];
  for (const [key, value] of Object.entries(change.tool_use)) addKey(into.tool_use, key, value);
  for (const [key, value] of Object.entries(change.latency_ms)) addKey(into.latency_ms, key, value);
}

function withoutZeros(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).filter((entry) => entry[1] !== 0));
}

/** The hour's counters after a change; null when the change leaves them as they are. */
export function applyChange(
  bucket: AnalyticsBucketRecord | undefined,
  change: BucketChange,
): AnalyticsBucketRecord | null {
  if (counterNames.every((name) => change.counters[name] === 0) && allZero(change.tool_use)) return null;
  const counters = emptyCounters();
  for (const name of counterNames) counters[name] = (bucket?.[name] ?? 0) + change.counters[name];
  const toolUse = { ...(bucket?.tool_use ?? {}) };
  for (const [key, value] of Object.entries(change.tool_use)) addKey(toolUse, key, value);
  return {
    id: bucketId(change.app_id, change.hour),
    app_id: change.app_id,
    hour: toIso(change.hour),
    ...counters,
    tool_use: withoutZeros(toolUse),
  };
}

const latencyBandMilliseconds = 100;

/** The change's latencies by band record id. */
export function latencyChanges(change: BucketChange): Map<string, Record<string, number>> {
  const bucket = bucketId(change.app_id, change.hour);
  const bands = new Map<string, Record<string, number>>();
  for (const [latency, answers] of Object.entries(change.latency_ms)) {
    if (answers === 0) continue;
    const id = `${bucket}~${Math.floor(Number(latency) / latencyBandMilliseconds) * latencyBandMilliseconds}`;
    const band = bands.get(id) ?? {};
    band[latency] = answers;
    bands.set(id, band);
  }
  return bands;
}

/** A band's record after a change; null when no answer is left in it. */
export function applyLatencyChange(
  record: AnalyticsLatencyRecord | undefined,
  id: string,
  change: BucketChange,
  latencies: Record<string, number>,
): AnalyticsLatencyRecord | null {
  const merged = { ...(record?.latency_ms ?? {}) };
  for (const [key, value] of Object.entries(latencies)) addKey(merged, key, value);
  const latencyMs = withoutZeros(merged);
  if (Object.keys(latencyMs).length === 0) return null;
  return {
    id,
    app_id: change.app_id,
    bucket_id: bucketId(change.app_id, change.hour),
    latency_ms: latencyMs,
  };
}
