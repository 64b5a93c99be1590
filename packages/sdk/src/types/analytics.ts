import type { AnalyticsInterval } from '@parley/contract';

export type {
  Analytics,
  AnalyticsBucket,
  AnalyticsCounters,
  AnalyticsInterval,
  AnalyticsTotals,
  LatencyPercentiles,
} from '@parley/contract';

export interface AnalyticsParams {
  appId: string;
  /** ISO 8601 or a Date; default: 7 days (`day`) or 24 hours (`hour`) before `to`. */
  from?: string | Date;
  /** ISO 8601 or a Date; default: now. */
  to?: string | Date;
  /** Default `day`. */
  interval?: AnalyticsInterval;
}
