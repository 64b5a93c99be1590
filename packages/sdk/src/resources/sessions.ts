import { type HttpClient, pathOf } from '../http.js';
import type { RequestOptions } from '../types/common.js';
import type {
  Escalation,
  Feedback,
  HumanMessage,
  HumanMessageParams,
  RateParams,
  Resolution,
} from '../types/handoff.js';
import type {
  Session,
  SessionCreateParams,
  SessionEnded,
  SessionHistory,
  SessionRef,
} from '../types/sessions.js';

export interface SessionsResource {
  /** `POST /v1/apps/:app_id/sessions` */
  create(params: SessionCreateParams, options?: RequestOptions): Promise<Session>;
  /** `GET /v1/apps/:app_id/sessions/:session_id/history` */
  history(params: SessionRef, options?: RequestOptions): Promise<SessionHistory>;
  /** `DELETE /v1/apps/:app_id/sessions/:session_id` */
  end(params: SessionRef, options?: RequestOptions): Promise<SessionEnded>;
  /**
   * `POST /v1/apps/:app_id/sessions/:session_id/escalate`: hands the session to a person and fires
   * `conversation.escalated` once, however often it is called.
   */
  escalate(params: SessionRef, options?: RequestOptions): Promise<Escalation>;
  /**
   * `POST /v1/apps/:app_id/sessions/:session_id/messages`: a person answers in an escalated session
   * (secret key).
   */
  postHumanMessage(params: HumanMessageParams, options?: RequestOptions): Promise<HumanMessage>;
  /** `POST /v1/apps/:app_id/sessions/:session_id/resolve`: hands the session back to the bot. */
  resolve(params: SessionRef, options?: RequestOptions): Promise<Resolution>;
  /** `POST /v1/apps/:app_id/sessions/:session_id/messages/:message_id/feedback`: thumbs up or down. */
  rate(params: RateParams, options?: RequestOptions): Promise<Feedback>;
}

export function createSessionsResource(http: HttpClient): SessionsResource {
  return {
    create: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/apps/${params.appId}/sessions`,
        body: { user_id: params.userId, user_hash: params.userHash, metadata: params.metadata },
      }),
    history: (params, options) =>
      http.request({
        ...options,
        method: 'GET',
        path: pathOf`/apps/${params.appId}/sessions/${params.sessionId}/history`,
      }),
    end: (params, options) =>
      http.request({
        ...options,
        method: 'DELETE',
        path: pathOf`/apps/${params.appId}/sessions/${params.sessionId}`,
      }),
    escalate: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/apps/${params.appId}/sessions/${params.sessionId}/escalate`,
        body: {},
      }),
    postHumanMessage: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/apps/${params.appId}/sessions/${params.sessionId}/messages`,
        body: { role: 'human_agent', content: params.content, author: params.author },
      }),
    resolve: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/apps/${params.appId}/sessions/${params.sessionId}/resolve`,
        body: {},
      }),
    rate: (params, options) =>
      http.request({
        ...options,
        method: 'POST',
        path: pathOf`/apps/${params.appId}/sessions/${params.sessionId}/messages/${params.messageId}/feedback`,
        body: { rating: params.rating, comment: params.comment },
      }),
  };
}
