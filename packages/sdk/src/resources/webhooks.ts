import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type {
  Webhook,
  WebhookCreated,
  WebhookCreateParams,
  WebhookDelivery,
  WebhookUpdateParams,
  WebhookWithSecret,
} from '../types/webhooks.js';

export interface WebhooksResource {
  /** `GET /v1/apps/:app_id/webhooks` (secrets masked) */
  list(appId: string, params?: ListParams, options?: RequestOptions): Promise<List<Webhook>>;
  /** `POST /v1/apps/:app_id/webhooks`: the answer's `secret` is the only time it is shown. */
  create(appId: string, params: WebhookCreateParams, options?: RequestOptions): Promise<WebhookCreated>;
  /** `GET /v1/apps/:app_id/webhooks/:webhook_id` */
  get(appId: string, webhookId: string, options?: RequestOptions): Promise<Webhook>;
  /** `PATCH /v1/apps/:app_id/webhooks/:webhook_id` */
  update(
    appId: string,
    webhookId: string,
    patch: WebhookUpdateParams,
    options?: RequestOptions,
  ): Promise<Webhook>;
  /** `DELETE /v1/apps/:app_id/webhooks/:webhook_id`, with its waiting deliveries. */
  delete(appId: string, webhookId: string, options?: RequestOptions): Promise<Deleted>;
  /** `POST /v1/apps/:app_id/webhooks/:webhook_id/rotate-secret`: the new secret signs from now on. */
  rotateSecret(appId: string, webhookId: string, options?: RequestOptions): Promise<WebhookWithSecret>;
  /** `POST /v1/apps/:app_id/webhooks/:webhook_id/test`: sends a signed `webhook.test` event at once. */
  test(appId: string, webhookId: string, options?: RequestOptions): Promise<WebhookDelivery>;
  /** `GET /v1/apps/:app_id/webhooks/:webhook_id/deliveries`, newest first. */
  deliveries(
    appId: string,
    webhookId: string,
    params?: ListParams,
    options?: RequestOptions,
  ): Promise<List<WebhookDelivery>>;
}

export function createWebhooksResource(http: HttpClient): WebhooksResource {
  return {
    list: (appId, params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: pathOf`/apps/${appId}/webhooks`,
        query: { limit: params.limit, cursor: params.cursor },
      }),
    create: (appId, params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/apps/${appId}/webhooks`,
        body: { url: params.url, events: params.events, secret: params.secret },
      }),
    get: (appId, webhookId, options) =>
      http.request({ ...options, method: 'GET', path: pathOf`/apps/${appId}/webhooks/${webhookId}` }),
    update: (appId, webhookId, patch, options) =>
      http.request({
        ...options,
        method: 'PATCH',
        path: pathOf`/apps/${appId}/webhooks/${webhookId}`,
        body: { url: patch.url, events: patch.events },
      }),
    delete: (appId, webhookId, options) =>
      http.request({ ...options, method: 'DELETE', path: pathOf`/apps/${appId}/webhooks/${webhookId}` }),
    rotateSecret: (appId, webhookId, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/apps/${appId}/webhooks/${webhookId}/rotate-secret`,
      }),
    test: (appId, webhookId, options) =>
      http.request({ ...options, method: 'POST', path: pathOf`/apps/${appId}/webhooks/${webhookId}/test` }),
    deliveries: (appId, webhookId, params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: pathOf`/apps/${appId}/webhooks/${webhookId}/deliveries`,
        query: { limit: params.limit, cursor: params.cursor },
      }),
  };
}
