import { type HttpClient, type HttpRequest, pathOf } from '../http.js';
import { openEventStream } from '../sse.js';
import type { ExecuteParams, ExecuteResponse } from '../types/execute.js';
import type { EventStream } from '../types/stream.js';

function executeRequest(params: ExecuteParams, suffix: '' | '/stream'): HttpRequest {
  return {
    method: 'POST',
    path: pathOf`/apps/${params.appId}/execute` + suffix,
    body: {
      message: params.message,
      session_id: params.sessionId,
      metadata: params.metadata,
      user_id: params.userId,
      user_hash: params.userHash,
    },
    signal: params.signal,
    timeoutMs: params.timeoutMs,
    headers: params.headers,
  };
}

/** `POST /v1/apps/:app_id/execute` */
export function execute(http: HttpClient, params: ExecuteParams): Promise<ExecuteResponse> {
  return http.request<ExecuteResponse>(executeRequest(params, ''));
}

/** `POST /v1/apps/:app_id/execute/stream` */
export function executeStream(http: HttpClient, params: ExecuteParams): EventStream {
  return openEventStream(http, executeRequest(params, '/stream'));
}
