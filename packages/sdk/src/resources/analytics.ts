import { type HttpClient, pathOf } from '../http.js';
import type { Analytics, AnalyticsParams } from '../types/analytics.js';
import type { RequestOptions } from '../types/common.js';

function instant(value: string | Date | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value;
}

/** `GET /v1/apps/:app_id/analytics` */
export function analytics(
  http: HttpClient,
  params: AnalyticsParams,
  options?: RequestOptions,
): Promise<Analytics> {
  return http.request({
    ...options,
    method: 'GET',
    path: pathOf`/apps/${params.appId}/analytics`,
    query: { from: instant(params.from), to: instant(params.to), interval: params.interval },
  });
}
