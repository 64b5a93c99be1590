import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type { Definition, DefinitionCreateParams, DefinitionUpdateParams } from '../types/definitions.js';

export interface DefinitionsResource {
  /** `GET /v1/definitions` */
  list(params?: ListParams, options?: RequestOptions): Promise<List<Definition>>;
  /** `POST /v1/definitions` */
  create(params: DefinitionCreateParams, options?: RequestOptions): Promise<Definition>;
  /** `GET /v1/definitions/:id` */
  get(definitionId: string, options?: RequestOptions): Promise<Definition>;
  /** `PATCH /v1/definitions/:id` */
  update(definitionId: string, patch: DefinitionUpdateParams, options?: RequestOptions): Promise<Definition>;
  /** `DELETE /v1/definitions/:id` */
  delete(definitionId: string, options?: RequestOptions): Promise<Deleted>;
}

function toWire(params: DefinitionUpdateParams) {
  return {
    name: params.name,
    type: params.type,
    content: params.content,
    aliases: params.aliases,
    agent_ids: params.agentIds,
  };
}

export function createDefinitionsResource(http: HttpClient): DefinitionsResource {
  return {
    list: (params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: '/definitions',
        query: { limit: params.limit, cursor: params.cursor },
      }),
    create: (params, options) =>
      http.request({ ...options, method: 'POST', path: '/definitions', body: toWire(params) }),
    get: (definitionId, options) =>
      http.request({ ...options, method: 'GET', path: pathOf`/definitions/${definitionId}` }),
    update: (definitionId, patch, options) =>
      http.request({
        ...options,
        method: 'PATCH',
        path: pathOf`/definitions/${definitionId}`,
        body: toWire(patch),
      }),
    delete: (definitionId, options) =>
      http.request({ ...options, method: 'DELETE', path: pathOf`/definitions/${definitionId}` }),
  };
}
