import { type HttpClient, pathOf } from '../http.js';
import type { App, AppCreateParams, AppUpdateParams, AppWithIdentitySecret } from '../types/apps.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';

export interface AppsResource {
  /** `GET /v1/apps` */
  list(params?: ListParams, options?: RequestOptions): Promise<List<App>>;
  /** `POST /v1/apps` */
  create(params: AppCreateParams, options?: RequestOptions): Promise<App>;
  /** `GET /v1/apps/:id` */
  get(appId: string, options?: RequestOptions): Promise<App>;
  /** `PATCH /v1/apps/:id` */
  update(appId: string, patch: AppUpdateParams, options?: RequestOptions): Promise<App>;
  /** `DELETE /v1/apps/:id` */
  delete(appId: string, options?: RequestOptions): Promise<Deleted>;
  /**
   * `POST /v1/apps/:id/identity-secret`: a new secret for signing user ids (`userHash` = hex
   * HMAC-SHA256 of the user id with it), shown this once; hashes of the previous one stop verifying.
   */
  rotateIdentitySecret(appId: string, options?: RequestOptions): Promise<AppWithIdentitySecret>;
}

export function createAppsResource(http: HttpClient): AppsResource {
  return {
    list: (params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: '/apps',
        query: { limit: params.limit, cursor: params.cursor },
      }),
    create: (params, options) => http.request({ ...options, method: 'POST', path: '/apps', body: params }),
    get: (appId, options) => http.request({ ...options, method: 'GET', path: pathOf`/apps/${appId}` }),
    update: (appId, patch, options) =>
      http.request({ ...options, method: 'PATCH', path: pathOf`/apps/${appId}`, body: patch }),
    delete: (appId, options) => http.request({ ...options, method: 'DELETE', path: pathOf`/apps/${appId}` }),
    rotateIdentitySecret: (appId, options) =>
      http.request({ ...options, method: 'POST', path: pathOf`/apps/${appId}/identity-secret` }),
  };
}
