import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type {
  CreatedInvite,
  Operator,
  OperatorInviteParams,
  OperatorUpdateParams,
} from '../types/operators.js';

/** The console's team (secret key): list, invite, change a role, remove. */
export interface OperatorsResource {
  /** `GET /v1/operators` */
  list(params?: ListParams, options?: RequestOptions): Promise<List<Operator>>;
  /** `POST /v1/operators/invites`: `invite_url` is shown this once, and works once within 7 days. */
  invite(params: OperatorInviteParams, options?: RequestOptions): Promise<CreatedInvite>;
  /** `PATCH /v1/operators/:id` */
  update(operatorId: string, params: OperatorUpdateParams, options?: RequestOptions): Promise<Operator>;
  /** `DELETE /v1/operators/:id`: their sessions end at once; the last owner stays. */
  delete(operatorId: string, options?: RequestOptions): Promise<Deleted>;
}

export function createOperatorsResource(http: HttpClient): OperatorsResource {
  return {
    list: (params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: '/operators',
        query: { limit: params.limit, cursor: params.cursor },
      }),
    invite: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: '/operators/invites',
        body: { email: params.email, role: params.role },
      }),
    update: (operatorId, params, options) =>
      http.request({
        ...options,
        method: 'PATCH',
        path: pathOf`/operators/${operatorId}`,
        body: { role: params.role, name: params.name },
      }),
    delete: (operatorId, options) =>
      http.request({ ...options, method: 'DELETE', path: pathOf`/operators/${operatorId}` }),
  };
}
