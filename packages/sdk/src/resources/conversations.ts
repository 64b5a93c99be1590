import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type { Conversation, ConversationSummary } from '../types/conversations.js';

export interface ConversationsResource {
  /** `GET /v1/agents/:id/conversations` */
  list(agentId: string, params?: ListParams, options?: RequestOptions): Promise<List<ConversationSummary>>;
  /** `GET /v1/agents/:id/conversations/:conversation_id` */
  get(agentId: string, conversationId: string, options?: RequestOptions): Promise<Conversation>;
  /** `DELETE /v1/agents/:id/conversations/:conversation_id` */
  delete(agentId: string, conversationId: string, options?: RequestOptions): Promise<Deleted>;
}

export function createConversationsResource(http: HttpClient): ConversationsResource {
  return {
    list: (agentId, params = {}, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: pathOf`/agents/${agentId}/conversations`,
        query: { limit: params.limit, cursor: params.cursor },
      }),
    get: (agentId, conversationId, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: pathOf`/agents/${agentId}/conversations/${conversationId}`,
      }),
    delete: (agentId, conversationId, options) =>
      http.request({
        ...options,
        method: 'DELETE',
        path: pathOf`/agents/${agentId}/conversations/${conversationId}`,
      }),
  };
}
