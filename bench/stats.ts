/** Summaries of latency samples: exact (nearest-rank) percentiles over every sample. */

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of samples sorted ascending. */
export function percentile(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((left, right) => left - right);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Rounds every number of a summary, for printing and the JSON file. */
export function rounded(summary: Summary, digits: number): Summary {
  const round = (value: number) => Number(value.toFixed(digits));
  return {
    count: summary.count,
    mean: round(summary.mean),
    p50: round(summary.p50),
    p90: round(summary.p90),
    p99: round(summary.p99),
    max: round(summary.max),
  };
}

/** One summary minus another, percentile by percentile (what Parley adds on top of the model), in ms to 3 places. */
export function differenceOf(left: Summary, right: Summary) {
  const minus = (key: 'p50' | 'p90' | 'p99' | 'mean') => Number((left[key] - right[key]).toFixed(3));
  return { p50: minus('p50'), p90: minus('p90'), p99: minus('p99'), mean: minus('mean') };
}
