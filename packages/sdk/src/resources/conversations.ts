import { type HttpClient, pathOf } from '../http.js';
import type { Deleted, List, ListParams, RequestOptions } from '../types/common.js';
import type {
  Conversation,
  ConversationAssignment,
  ConversationEscalation,
  ConversationHumanMessage,
  ConversationResolution,
  ConversationSummary,
  ConversationTyping,
} from '../types/conversations.js';
import type { InboxTranscript } from '../types/sessions.js';

export interface ConversationsResource {
  /** `GET /v1/agents/:id/conversations` */
  list(agentId: string, params?: ListParams, options?: RequestOptions): Promise<List<ConversationSummary>>;
  /** `GET /v1/agents/:id/conversations/:conversation_id` */
  get(agentId: string, conversationId: string, options?: RequestOptions): Promise<Conversation>;
  /** `DELETE /v1/agents/:id/conversations/:conversation_id` */
  delete(agentId: string, conversationId: string, options?: RequestOptions): Promise<Deleted>;
  /** `POST …/conversations/:conversation_id/escalate`: the visitor asks for a person (the share page's button). */
  escalate(
    agentId: string,
    conversationId: string,
    options?: RequestOptions,
  ): Promise<ConversationEscalation>;
  /** `GET …/conversations/:conversation_id/inbox`: its inbox summary and whole transcript. */
  inbox(agentId: string, conversationId: string, options?: RequestOptions): Promise<InboxTranscript>;
  /** `POST …/conversations/:conversation_id/assign`: a person takes it over (the model stays quiet). */
  assign(
    agentId: string,
    conversationId: string,
    params?: { name?: string },
    options?: RequestOptions,
  ): Promise<ConversationAssignment>;
  /** `POST …/conversations/:conversation_id/typing`: the share page shows "<name> is typing…". */
  typing(
    agentId: string,
    conversationId: string,
    params?: { name?: string },
    options?: RequestOptions,
  ): Promise<ConversationTyping>;
  /** `POST …/conversations/:conversation_id/messages`: a person answers the escalated conversation. */
  postHumanMessage(
    agentId: string,
    conversationId: string,
    params: { content: string; author?: string },
    options?: RequestOptions,
  ): Promise<ConversationHumanMessage>;
  /** `POST …/conversations/:conversation_id/resolve`: hands it back to the bot. */
  resolve(agentId: string, conversationId: string, options?: RequestOptions): Promise<ConversationResolution>;
}

export function createConversationsResource(http: HttpClient): ConversationsResource {
  const post = <T>(
    agentId: string,
    conversationId: string,
    action: string,
    body: object,
    options?: RequestOptions,
  ) =>
    http.request<T>({
      ...options,
      method: 'POST',
      path: pathOf`/agents/${agentId}/conversations/${conversationId}/${action}`,
      body,
    });
  const named = (params: { name?: string } = {}) => (params.name === undefined ? {} : { name: params.name });
  return {
    escalate: (agentId, conversationId, options) => post(agentId, conversationId, 'escalate', {}, options),
    inbox: (agentId, conversationId, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: pathOf`/agents/${agentId}/conversations/${conversationId}/inbox`,
      }),
    assign: (agentId, conversationId, params, options) =>
      post(agentId, conversationId, 'assign', named(params), options),
    typing: (agentId, conversationId, params, options) =>
      post(agentId, conversationId, 'typing', named(params), options),
    postHumanMessage: (agentId, conversationId, params, options) =>
      post(
        agentId,
        conversationId,
        'messages',
        { role: 'human_agent', content: params.content, author: params.author },
        options,
      ),
    resolve: (agentId, conversationId, options) => post(agentId, conversationId, 'resolve', {}, options),
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
