import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type { ApiKey, CreatedApiKey, KeyCreateParams } from '../types/keys.js';

export interface KeysResource {
  /** `POST /v1/keys`: the answer's `key` is the only time the secret is shown. */
  create(params: KeyCreateParams, options?: RequestOptions): Promise<CreatedApiKey>;
  /** `GET /v1/keys` (masked) */
  list(params?: ListParams, options?: RequestOptions): Promise<List<ApiKey>>;
  /** `DELETE /v1/keys/:id` */
  delete(keyId: string, options?: RequestOptions): Promise<Deleted>;
}

export function createKeysResource(http: HttpClient): KeysResource {
  return {
    create: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: '/keys',
        body: {
          name: params.name,
          kind: params.kind,
          plan: params.plan,
          app_id: params.appId,
          agent_id: params.agentId,
          allowed_origins: params.allowedOrigins,
          rate_limit: params.rateLimit,
        },
      }),
    list: (params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: '/keys',
        query: { limit: params.limit, cursor: params.cursor },
      }),
    delete: (keyId, options) => http.request({ ...options, method: 'DELETE', path: pathOf`/keys/${keyId}` }),
  };
}
