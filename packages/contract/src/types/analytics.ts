export type AnalyticsInterval = 'hour' | 'day';

/** What happened in a span of time. */
export interface AnalyticsCounters {
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

/** Answer latency in milliseconds; the percentiles are null without answers. */
export interface LatencyPercentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
  count: number;
}

export interface AnalyticsTotals extends AnalyticsCounters {
  /** Calls per tool name. */
  tool_use: Record<string, number>;
  latency_ms: LatencyPercentiles;
}

/** One hour or day of the series; `start` is its first instant. */
export interface AnalyticsBucket extends AnalyticsCounters {
  start: string;
}

export interface Analytics {
  app_id: string;
  from: string;
  to: string;
  interval: AnalyticsInterval;
  totals: AnalyticsTotals;
  series: AnalyticsBucket[];
}
