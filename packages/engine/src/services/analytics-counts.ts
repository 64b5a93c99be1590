import type { AnalyticsBucketRecord, MessageRecord, SessionRecord } from '../types.js';
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
] as const;

export type CounterName = (typeof counterNames)[number];
export type Counters = Record<CounterName, number>;

export const hourMilliseconds = 3_600_000;

export function emptyCounters(): Counters {
  return Object.fromEntries(counterNames.map((name) => [name, 0])) as Counters;
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

export function bucketId(appId: string, hour: number): string {
  return `${appId}@${toIso(hour).slice(0, 13)}`;
}

function changeAt(changes: BucketChanges, appId: string, iso: string): BucketChange {
  const hour = Math.floor(Date.parse(iso) / hourMilliseconds) * hourMilliseconds;
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

function isEmpty(change: BucketChange): boolean {
  return (
    counterNames.every((name) => change.counters[name] === 0) &&
    Object.values(change.tool_use).every((value) => value === 0) &&
    Object.values(change.latency_ms).every((value) => value === 0)
  );
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

/** The bucket after a change; null when the change is nothing. */
export function applyChange(
  bucket: AnalyticsBucketRecord | undefined,
  change: BucketChange,
): AnalyticsBucketRecord | null {
  if (isEmpty(change)) return null;
  const next: BucketChange = {
    ...change,
    counters: emptyCounters(),
    tool_use: { ...(bucket?.tool_use ?? {}) },
    latency_ms: { ...(bucket?.latency_ms ?? {}) },
  };
  if (bucket) for (const name of counterNames) next.counters[name] = bucket[name];
  mergeChange(next, change);
  return {
    id: bucketId(change.app_id, change.hour),
    app_id: change.app_id,
    hour: toIso(change.hour),
    ...next.counters,
    tool_use: withoutZeros(next.tool_use),
    latency_ms: withoutZeros(next.latency_ms),
  };
}
