import { HttpClient } from './http.js';
import { type ClientOptions, resolveOptions } from './options.js';
import { type AgentsResource, createAgentsResource } from './resources/agents.js';
import { analytics } from './resources/analytics.js';
import { type AppsResource, createAppsResource } from './resources/apps.js';
import { type ConversationsResource, createConversationsResource } from './resources/conversations.js';
import { createDatastoresResource, type DatastoresResource } from './resources/datastores.js';
import { createDefinitionsResource, type DefinitionsResource } from './resources/definitions.js';
import { createDocumentsResource, type DocumentsResource } from './resources/documents.js';
import { execute, executeStream } from './resources/execute.js';
import { createKeysResource, type KeysResource } from './resources/keys.js';
import { createOperatorsResource, type OperatorsResource } from './resources/operators.js';
import { createSessionsResource, type SessionsResource } from './resources/sessions.js';
import { createWebhooksResource, type WebhooksResource } from './resources/webhooks.js';
import type { Analytics, AnalyticsParams } from './types/analytics.js';
import type { RequestOptions } from './types/common.js';
import type { ExecuteParams, ExecuteResponse } from './types/execute.js';
import type { EventStream } from './types/stream.js';

/** The Parley API client. */
export class AgentPlatform {
  readonly apps: AppsResource;
  readonly sessions: SessionsResource;
  readonly agents: AgentsResource;
  readonly conversations: ConversationsResource;
  readonly keys: KeysResource;
  readonly datastores: DatastoresResource;
  readonly documents: DocumentsResource;
  readonly definitions: DefinitionsResource;
  readonly webhooks: WebhooksResource;
  /** The console's operators (team members): list, invite, change a role, remove. */
  readonly operators: OperatorsResource;
  /**
   * Totals and a series per hour or day for an app (`GET /v1/apps/:app_id/analytics`). A plain
   * function: it may be passed around without the client.
   */
  readonly analytics: (params: AnalyticsParams, options?: RequestOptions) => Promise<Analytics>;
  private readonly http: HttpClient;

  constructor(options: ClientOptions) {
    const http = new HttpClient(resolveOptions(options));
    this.http = http;
    this.apps = createAppsResource(http);
    this.sessions = createSessionsResource(http);
    this.agents = createAgentsResource(http);
    this.conversations = createConversationsResource(http);
    this.keys = createKeysResource(http);
    this.datastores = createDatastoresResource(http);
    this.documents = createDocumentsResource(http);
    this.definitions = createDefinitionsResource(http);
    this.webhooks = createWebhooksResource(http);
    this.operators = createOperatorsResource(http);
    this.analytics = (params, requestOptions) => analytics(http, params, requestOptions);
  }

  /** Sends a message to an app and waits for the whole answer (`POST /v1/apps/:app_id/execute`). */
  execute(params: ExecuteParams): Promise<ExecuteResponse> {
    return execute(this.http, params);
  }

  /**
   * Sends a message and streams the answer (`POST /v1/apps/:app_id/execute/stream`). The request
   * starts on the first `next()`; a non-2xx answer rejects there with `ParleyApiError`. The stream
   * ends after its `done` or `error` event; an `error` event is yielded, not thrown.
   */
  executeStream(params: ExecuteParams): EventStream {
    return executeStream(this.http, params);
  }
}
