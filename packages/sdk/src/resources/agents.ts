import { type HttpClient, type HttpRequest, pathOf } from '../http.js';
import { openEventStream } from '../sse.js';
import type {
  Agent,
  AgentCreateParams,
  AgentSummary,
  AgentUpdateParams,
  ChatParams,
  ChatResponse,
  ShareLink,
  ShareParams,
  SharesRevoked,
} from '../types/agents.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type { EventStream } from '../types/stream.js';

export interface AgentsResource {
  /** `GET /v1/agents` */
  list(params?: ListParams, options?: RequestOptions): Promise<List<AgentSummary>>;
  /** `POST /v1/agents` */
  create(params: AgentCreateParams, options?: RequestOptions): Promise<Agent>;
  /** `GET /v1/agents/:id` */
  get(agentId: string, options?: RequestOptions): Promise<Agent>;
  /** `PATCH /v1/agents/:id` */
  update(agentId: string, patch: AgentUpdateParams, options?: RequestOptions): Promise<Agent>;
  /** `DELETE /v1/agents/:id` */
  delete(agentId: string, options?: RequestOptions): Promise<Deleted>;
  /** `POST /v1/agents/:id/datastores`: answers the updated agent. */
  connectDatastore(agentId: string, datastoreId: string, options?: RequestOptions): Promise<Agent>;
  /** `DELETE /v1/agents/:id/datastores/:datastore_id`: answers the updated agent. */
  disconnectDatastore(agentId: string, datastoreId: string, options?: RequestOptions): Promise<Agent>;
  /** `POST /v1/agents/:id/chat` */
  chat(agentId: string, params: ChatParams, options?: RequestOptions): Promise<ChatResponse>;
  /** `POST /v1/agents/:id/chat` with `stream: true` */
  chatStream(agentId: string, params: ChatParams, options?: RequestOptions): EventStream;
  /** `POST /v1/agents/:id/share` */
  share(agentId: string, params?: ShareParams, options?: RequestOptions): Promise<ShareLink>;
  /** `DELETE /v1/agents/:id/share`: revokes every share link of the agent. */
  revokeShares(agentId: string, options?: RequestOptions): Promise<SharesRevoked>;
}

function chatRequest(
  agentId: string,
  params: ChatParams,
  stream: boolean,
  options?: RequestOptions,
): HttpRequest {
  return {
    ...options,
    method: 'POST',
    path: pathOf`/agents/${agentId}/chat`,
    body: { message: params.message, conversation_id: params.conversationId, ...(stream ? { stream } : {}) },
  };
}

export function createAgentsResource(http: HttpClient): AgentsResource {
  return {
    list: (params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: '/agents',
        query: { limit: params.limit, cursor: params.cursor },
      }),
    create: (params, options) => http.request({ ...options, method: 'POST', path: '/agents', body: params }),
    get: (agentId, options) => http.request({ ...options, method: 'GET', path: pathOf`/agents/${agentId}` }),
    update: (agentId, patch, options) =>
      http.request({ ...options, method: 'PATCH', path: pathOf`/agents/${agentId}`, body: patch }),
    delete: (agentId, options) =>
      http.request({ ...options, method: 'DELETE', path: pathOf`/agents/${agentId}` }),
    connectDatastore: (agentId, datastoreId, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/agents/${agentId}/datastores`,
        body: { datastore_id: datastoreId },
      }),
    disconnectDatastore: (agentId, datastoreId, options) =>
      http.request({
        ...options,
        method: 'DELETE',
        path: pathOf`/agents/${agentId}/datastores/${datastoreId}`,
      }),
    chat: (agentId, params, options) => http.request(chatRequest(agentId, params, false, options)),
    chatStream: (agentId, params, options) =>
      openEventStream(http, chatRequest(agentId, params, true, options)),
    share: (agentId, params = {}, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/agents/${agentId}/share`,
        body: { expires_in: params.expiresIn, allow_conversations: params.allowConversations },
      }),
    revokeShares: (agentId, options) =>
      http.request({ ...options, method: 'DELETE', path: pathOf`/agents/${agentId}/share` }),
  };
}
