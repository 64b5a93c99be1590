import type { Analytics, AnalyticsInterval } from '@parley/contract';
import type { EngineContext } from '../context.js';
import { invalidRequest } from '../errors.js';
import type { AnalyticsBucketRecord, AnalyticsLatencyRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { yieldToEventLoop } from '../util/event-loop-slices.js';
import { bucketId, counterNames, emptyCounters, hourMilliseconds } from './analytics-counts.js';
import { getAppRecord } from './apps.js';

export type Interval = AnalyticsInterval;

export interface AnalyticsQuery {
  /** ISO 8601; default: `to` minus 7 days (interval day) or 24 hours (interval hour). */
  from?: string;
  /** ISO 8601; default: now. */
  to?: string;
  interval?: Interval;
}

const intervalMilliseconds: Record<Interval, number> = { hour: hourMilliseconds, day: 86_400_000 };
const maximumBuckets = 2_000;

/** Latency percentile over a histogram (latency → answers), as over the sorted list of latencies. */
function percentileOf(histogram: [number, number][], total: number, fraction: number): number | null {
  if (total === 0) return null;
  const rank = Math.min(total - 1, Math.ceil(fraction * total) - 1);
  let seen = 0;
  for (const [latency, answers] of histogram) {
    seen += answers;
    if (seen > rank) return latency;
  }
  return null;
}

function sortedHistogram(latencies: Map<number, number>): [number, number][] {
  return [...latencies].sort((left, right) => left[0] - right[0]);
}

function parseInstant(value: string | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed))
    throw invalidRequest(field, 'must be an ISO 8601 time such as 2024-01-15T14:30:00Z');
  return parsed;
}

/** Latency bands asked for at once: a store on a network answers them side by side. */
const bandQueriesAtOnce = 16;

/** Each bucket's latency bands, in the buckets' order. */
async function latencyBandsOf(context: EngineContext, buckets: AnalyticsBucketRecord[]) {
  const bands: AnalyticsLatencyRecord[][] = [];
  for (let first = 0; first < buckets.length; first += bandQueriesAtOnce) {
    const slice = buckets.slice(first, first + bandQueriesAtOnce);
    bands.push(
      ...(await Promise.all(
        slice.map((bucket) => context.store.all('analytics_latencies', { bucket_id: bucket.id })),
      )),
    );
  }
  return bands;
}

/** The buckets of an app from `from` (an hour) to `to`, fetched one by one or all at once, whichever is fewer. */
async function bucketsBetween(context: EngineContext, appId: string, from: number, to: number) {
  const hours = Math.ceil((to - from) / hourMilliseconds);
  if (hours > (await context.store.count('analytics_buckets', { app_id: appId }))) {
    const all = await context.store.all('analytics_buckets', { app_id: appId });
    return all.filter((bucket) => {
      const hour = Date.parse(bucket.hour);
      return hour >= from && hour < to;
    });
  }
  const found: AnalyticsBucketRecord[] = [];
  for (let hour = from; hour < to; hour += hourMilliseconds) {
    const bucket = await context.store.get('analytics_buckets', bucketId(appId, hour));
    if (bucket) found.push(bucket);
  }
  return found;
}

/**
 * How an app is doing between `from` and `to`: sessions, messages, escalations,
 * tool use, tokens, feedback and answer latency, as totals and as a series per
 * hour or day. Read from the hour buckets kept as turns are written, so it costs
 * the hours asked for, not the messages stored; the window is therefore whole
 * hours (`from` back to the start of its hour, a past `to` on to the end of its hour).
 */
export async function appAnalytics(
  context: EngineContext,
  appId: string,
  query: AnalyticsQuery,
): Promise<Analytics> {
  await getAppRecord(context, appId);
  const interval = query.interval ?? 'day';
  const step = intervalMilliseconds[interval];
  const now = context.clock.now();
  const requestedTo = parseInstant(query.to, 'to', now);
  const requestedFrom = parseInstant(
    query.from,
    'from',
    requestedTo - (interval === 'day' ? 7 * step : 24 * step),
  );
  if (requestedFrom >= requestedTo) throw invalidRequest('from', 'must be before to');
  const from = Math.floor(requestedFrom / hourMilliseconds) * hourMilliseconds;
  // Nothing is stored after now (times are stored to the second): a `to` from now on covers what is
  // stored, and is shown to the second after now at least; a past `to` is taken to the end of its hour.
  const to =
    requestedTo >= now
      ? Math.max(Math.ceil(requestedTo / 1000) * 1000, Math.floor(now / 1000) * 1000 + 1000)
      : Math.ceil(requestedTo / hourMilliseconds) * hourMilliseconds;
  const start = Math.floor(from / step) * step;
  const bucketCount = Math.ceil((to - start) / step);
  if (bucketCount > maximumBuckets) {
    throw invalidRequest(
      'interval',
      `gives ${bucketCount} buckets; at most ${maximumBuckets}: use a larger interval`,
    );
  }
  await context.analytics.ready();

  const totals = emptyCounters();
  const series = Array.from({ length: bucketCount }, emptyCounters);
  const toolUse: Record<string, number> = {};
  const latencies = new Map<number, number>();
  const bucketLatencies = series.map(() => new Map<number, number>());
  let added = 0;
  const buckets = await bucketsBetween(context, appId, from, to);
  const bands = await latencyBandsOf(context, buckets);
  for (const [position, bucket] of buckets.entries()) {
    // A busy app's hours hold hundreds of latencies each: other work goes on between slices.
    added += 1;
    if (added > 20_000) {
      added = 0;
      await yieldToEventLoop();
    }
    const index = Math.floor((Date.parse(bucket.hour) - start) / step);
    const counters = series[index];
    const seriesLatencies = bucketLatencies[index];
    if (!counters || !seriesLatencies) continue;
    for (const name of counterNames) {
      counters[name] += bucket[name];
      totals[name] += bucket[name];
    }
    for (const [tool, calls] of Object.entries(bucket.tool_use)) toolUse[tool] = (toolUse[tool] ?? 0) + calls;
    for (const band of bands[position] ?? []) {
      added += Object.keys(band.latency_ms).length;
      for (const [latency, answers] of Object.entries(band.latency_ms)) {
        const value = Number(latency);
        latencies.set(value, (latencies.get(value) ?? 0) + answers);
        seriesLatencies.set(value, (seriesLatencies.get(value) ?? 0) + answers);
      }
    }
  }
  const histogram = sortedHistogram(latencies);
  const answers = histogram.reduce((sum, entry) => sum + entry[1], 0);

  return {
    app_id: appId,
    from: toIso(from),
    to: toIso(to),
    interval,
    totals: {
      ...totals,
      tool_use: toolUse,
      escalation_rate: totals.sessions > 0 ? totals.escalations / totals.sessions : null,
      latency_ms: {
        p50: percentileOf(histogram, answers, 0.5),
        p90: percentileOf(histogram, answers, 0.9),
        p95: percentileOf(histogram, answers, 0.95),
        p99: percentileOf(histogram, answers, 0.99),
        count: answers,
      },
    },
    series: series.map((counters, index) => {
      const bucketHistogram = sortedHistogram(bucketLatencies[index] ?? new Map());
      const bucketAnswers = bucketHistogram.reduce((sum, entry) => sum + entry[1], 0);
      return {
        start: toIso(start + index * step),
        ...counters,
        latency_p50: percentileOf(bucketHistogram, bucketAnswers, 0.5),
        latency_p95: percentileOf(bucketHistogram, bucketAnswers, 0.95),
      };
    }),
  };
}
