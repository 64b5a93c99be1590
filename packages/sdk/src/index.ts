export { AgentPlatform } from './client.js';
export {
  type ErrorDetails,
  isParleyApiError,
  ParleyApiError,
  type ParleyApiErrorInit,
  type ParleyClientErrorCode,
  type ParleyErrorCode,
  type ParleyServerErrorCode,
} from './errors.js';
export { type ClientOptions, defaultBaseUrl, defaultTimeoutMs } from './options.js';
export { paginate } from './paginate.js';
export type { RateLimitInfo } from './rate-limit.js';
export type { AgentsResource } from './resources/agents.js';
export type { AppsResource } from './resources/apps.js';
export type { ConversationsResource } from './resources/conversations.js';
export type { DatastoresResource } from './resources/datastores.js';
export type { DefinitionsResource } from './resources/definitions.js';
export type { DocumentsResource } from './resources/documents.js';
export type { KeysResource } from './resources/keys.js';
export type { OperatorsResource } from './resources/operators.js';
export type { SessionsResource } from './resources/sessions.js';
export type { WebhooksResource } from './resources/webhooks.js';
export type {
  Agent,
  AgentCreateParams,
  AgentSettings,
  AgentSummary,
  AgentUpdateParams,
  ChatParams,
  ChatResponse,
  ChatUsage,
  HttpTool,
  HttpToolInput,
  HttpToolMethod,
  ShareLink,
  ShareParams,
  SharesRevoked,
} from './types/agents.js';
export type {
  Analytics,
  AnalyticsBucket,
  AnalyticsCounters,
  AnalyticsInterval,
  AnalyticsParams,
  AnalyticsTotals,
  LatencyPercentiles,
} from './types/analytics.js';
export type {
  App,
  AppCreateParams,
  AppUpdateParams,
  AppWithIdentitySecret,
  IdentityVerification,
  Routing,
} from './types/apps.js';
export type { AppliedDefinition, Citation, DefinitionType } from './types/citations.js';
export type { Deleted, JsonObject, JsonValue, List, ListParams, RequestOptions } from './types/common.js';
export type { Conversation, ConversationMessage, ConversationSummary } from './types/conversations.js';
export type {
  Datastore,
  DatastoreCreateParams,
  DatastoreDocument,
  DatastoreUpdateParams,
  DocumentStatus,
  DocumentUploadParams,
  TextDocumentParams,
  WaitOptions,
} from './types/datastores.js';
export type { Definition, DefinitionCreateParams, DefinitionUpdateParams } from './types/definitions.js';
export type { ExecuteParams, ExecuteResponse, ExecuteUsage } from './types/execute.js';
export type {
  Escalation,
  Feedback,
  FeedbackRating,
  HumanMessage,
  HumanMessageParams,
  RateParams,
  Resolution,
} from './types/handoff.js';
export type { ApiKey, CreatedApiKey, KeyCreateParams, KeyKind, KeyRateLimit, Plan } from './types/keys.js';
export type {
  CreatedInvite,
  Operator,
  OperatorInviteParams,
  OperatorRole,
  OperatorUpdateParams,
} from './types/operators.js';
export type {
  MessageRole,
  MessageStatus,
  Session,
  SessionCreateParams,
  SessionEnded,
  SessionHistory,
  SessionMessage,
  SessionRef,
} from './types/sessions.js';
export type {
  CitationEvent,
  DoneEvent,
  EventStream,
  StartEvent,
  StreamErrorEvent,
  StreamEvent,
  StreamEventType,
  StreamUsage,
  TokenEvent,
  ToolCallEvent,
  ToolCallStatus,
} from './types/stream.js';
export type {
  DeliveryAttempt,
  DeliveryStatus,
  Webhook,
  WebhookCreated,
  WebhookCreateParams,
  WebhookDelivery,
  WebhookEvent,
  WebhookUpdateParams,
  WebhookWithSecret,
} from './types/webhooks.js';
export { verifyWebhookSignature } from './webhook-signature.js';
