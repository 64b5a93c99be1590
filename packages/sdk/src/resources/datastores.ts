import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type { Datastore, DatastoreCreateParams, DatastoreUpdateParams } from '../types/datastores.js';

export interface DatastoresResource {
  /** `GET /v1/datastores` */
  list(params?: ListParams, options?: RequestOptions): Promise<List<Datastore>>;
  /** `POST /v1/datastores` */
  create(params: DatastoreCreateParams, options?: RequestOptions): Promise<Datastore>;
  /** `GET /v1/datastores/:id` */
  get(datastoreId: string, options?: RequestOptions): Promise<Datastore>;
  /** `PATCH /v1/datastores/:id` */
  update(datastoreId: string, patch: DatastoreUpdateParams, options?: RequestOptions): Promise<Datastore>;
  /** `DELETE /v1/datastores/:id`: its documents too; it is disconnected from every agent. */
  delete(datastoreId: string, options?: RequestOptions): Promise<Deleted>;
}

export function createDatastoresResource(http: HttpClient): DatastoresResource {
  return {
    list: (params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: '/datastores',
        query: { limit: params.limit, cursor: params.cursor },
      }),
    create: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: '/datastores',
        body: { name: params.name, description: params.description },
      }),
    get: (datastoreId, options) =>
      http.request({ ...options, method: 'GET', path: pathOf`/datastores/${datastoreId}` }),
    update: (datastoreId, patch, options) =>
      http.request({
        ...options,
        method: 'PATCH',
        path: pathOf`/datastores/${datastoreId}`,
        body: { name: patch.name, description: patch.description },
      }),
    delete: (datastoreId, options) =>
      http.request({ ...options, method: 'DELETE', path: pathOf`/datastores/${datastoreId}` }),
  };
}
