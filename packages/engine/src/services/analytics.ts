import type { EngineContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import type { MessageRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { getAppRecord } from './apps.js';

export type Interval = 'hour' | 'day';

export interface AnalyticsQuery {
  /** ISO 8601; default: `to` minus 7 days (interval day) or 24 hours (interval hour). */
  from?: string;
  /** ISO 8601; default: now. */
  to?: string;
  interval?: Interval;
}

interface Counters {
  sessions: number;
  messages: number;
  user_messages: number;
  assistant_messages: number;
  human_agent_messages: number;
  escalations: number;
  tool_calls: number;
  input_tokens: number;
  output_tokens: number;
  feedback_up: number;
  feedback_down: number;
}

const intervalMilliseconds: Record<Interval, number> = { hour: 3_600_000, day: 86_400_000 };
const maximumBuckets = 2_000;

function emptyCounters(): Counters {
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

function count(counters: Counters, message: MessageRecord): void {
  counters.messages += 1;
  if (message.role === 'user') counters.user_messages += 1;
  else if (message.role === 'assistant') counters.assistant_messages += 1;
  else counters.human_agent_messages += 1;
  counters.tool_calls += message.tools_used.length;
  if (message.usage) {
    counters.input_tokens += message.usage.input_tokens;
    counters.output_tokens += message.usage.output_tokens;
  }
  if (message.feedback?.rating === 'up') counters.feedback_up += 1;
  else if (message.feedback?.rating === 'down') counters.feedback_down += 1;
}

/** Epoch milliseconds of a stored timestamp; stored times repeat by the second, so parses are remembered. */
function timeParser(): (iso: string) => number {
  let lastText = '';
  let lastValue = 0;
  return (iso) => {
    if (iso !== lastText) {
      lastText = iso;
      lastValue = Date.parse(iso);
    }
    return lastValue;
  };
}

function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? null;
}

function parseInstant(value: string | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed))
    throw invalidRequest(field, 'must be an ISO 8601 time such as 2024-01-15T14:30:00Z');
  return parsed;
}

/**
 * How an app is doing between `from` and `to`: sessions, messages, escalations,
 * tool use, tokens, feedback and answer latency, as totals and as a series per
 * hour or day, computed from the stored sessions and messages.
 */
export async function appAnalytics(context: EngineContext, appId: string, query: AnalyticsQuery) {
  await getAppRecord(context, appId);
  const interval = query.interval ?? 'day';
  const step = intervalMilliseconds[interval];
  const to = parseInstant(query.to, 'to', context.clock.now());
  const from = parseInstant(query.from, 'from', to - (interval === 'day' ? 7 * step : 24 * step));
  if (from >= to) throw invalidRequest('from', 'must be before to');
  const start = Math.floor(from / step) * step;
  const bucketCount = Math.ceil((to - start) / step);
  if (bucketCount > maximumBuckets) {
    throw invalidRequest(
      'interval',
      `gives ${bucketCount} buckets; at most ${maximumBuckets}: use a larger interval`,
    );
  }

  const totals = emptyCounters();
  const series = Array.from({ length: bucketCount }, emptyCounters);
  const toolUse: Record<string, number> = {};
  const latencies: number[] = [];
  const bucketOf = (time: number): Counters | null =>
    time >= from && time < to ? (series[Math.floor((time - start) / step)] ?? null) : null;

  for (const session of await context.store.all('sessions', { app_id: appId })) {
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
  const parseTime = timeParser();
  for (const message of await context.store.all('messages', { app_id: appId })) {
    const bucket = bucketOf(parseTime(message.created_at));
    if (!bucket) continue;
    count(bucket, message);
    count(totals, message);
    for (const tool of message.tools_used) toolUse[tool] = (toolUse[tool] ?? 0) + 1;
    if (message.role === 'assistant' && message.latency_ms !== null && message.status === 'complete') {
      latencies.push(message.latency_ms);
    }
  }
  latencies.sort((left, right) => left - right);

  return {
    app_id: appId,
    from: toIso(from),
    to: toIso(to),
    interval,
    totals: {
      ...totals,
      tool_use: toolUse,
      latency_ms: {
        p50: percentile(latencies, 0.5),
        p90: percentile(latencies, 0.9),
        p99: percentile(latencies, 0.99),
        count: latencies.length,
      },
    },
    series: series.map((counters, index) => ({ start: toIso(start + index * step), ...counters })),
  };
}
