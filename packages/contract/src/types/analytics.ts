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
  p95: number | null;
  p99: number | null;
  count: number;
}

export interface AnalyticsTotals extends AnalyticsCounters {
  /** Calls per tool name. */
  tool_use: Record<string, number>;
  /** escalations ÷ sessions; null without sessions. */
  escalation_rate: number | null;
  latency_ms: LatencyPercentiles;
}

/** One hour or day of the series; `start` is its first instant. */
export interface AnalyticsBucket extends AnalyticsCounters {
  start: string;
  /** Answer latency in ms over the bucket; null without answers. */
  latency_p50: number | null;
  latency_p95: number | null;
}

export type UnansweredReason = 'no_source' | 'failed' | 'rated_down' | 'escalated';

/** An answer that did not answer, with the question it was given. */
export interface UnansweredQuestion {
  session_id: string;
  message_id: string;
  /** Null when the question is older than what was read. */
  question: string | null;
  answer: string;
  reason: UnansweredReason;
  at: string;
}

export interface UnansweredQuestions {
  questions: UnansweredQuestion[];
  looked_at: number;
  complete: boolean;
}

export interface Analytics {
  app_id: string;
  from: string;
  to: string;
  interval: AnalyticsInterval;
  totals: AnalyticsTotals;
  series: AnalyticsBucket[];
}
