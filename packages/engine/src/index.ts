export { argumentsProblem, parametersSchemaProblem } from '@parley/contract/json-schema';
export { promptTemplateContext, renderTemplate } from '@parley/contract/template';
export type { BusTopic, EventBus, SessionEvent, SessionTurnEvent } from './bus/event-bus.js';
export { sessionTopic } from './bus/event-bus.js';
export { InProcessEventBus } from './bus/in-process-event-bus.js';
export type {
  AnswerWriter,
  ChannelAnswer,
  ChannelCitation,
  ChannelConnector,
  ChannelHandler,
  ChannelIntro,
  ChannelPost,
  ChannelToolCall,
  EscalateOutcome,
  InboundMessage,
  RateOutcome,
  ReceiveOutcome,
} from './channels/channel.js';
export {
  ChannelBridge,
  type ChannelBridgeOptions,
  failureNotice,
  feedbackThanks,
  resolvedNotice,
} from './channels/channel-bridge.js';
export type { ChannelLinks, ChannelServices } from './channels/channel-services.js';
export type { ChannelInstallations, InstallationInput } from './channels/installations.js';
export {
  type SupportConnector,
  SupportDesk,
  type SupportDeskOptions,
  type SupportPost,
  type SupportReplyOutcome,
  type SupportThreadOpening,
  supportNotices,
} from './channels/support-desk.js';
export type { EscalationBrief, SupportServices } from './channels/support-services.js';
export type { EngineContext, Knowledge } from './context.js';
export * from './coordination/index.js';
export { Engine, type EngineOptions } from './engine.js';
export * from './errors.js';
export type * from './events.js';
export * from './knowledge/embedding-model.js';
export {
  answeringSentences,
  bestSentence,
  citingSentence,
  excerptOf,
  keywords,
  type ScoredSentence,
  sentencesOf,
  supportingSentence,
} from './knowledge/excerpt.js';
export * from './knowledge/knowledge.js';
export * from './model/chat-model.js';
export { estimateTokens, splitIntoTokens } from './model/estimate-tokens.js';
export { readSourcesBlock, writeSourcesBlock } from './model/sources-block.js';
export { consoleSessionLifetime, type OpenedSession } from './operators/console-sessions.js';
export type { FirstOwnerInput } from './operators/first-owner.js';
export type { CreatedInviteToken } from './operators/invites.js';
export * from './principal.js';
export type { AgentInput } from './services/agents.js';
export { defaultAgentSettings } from './services/agents.js';
export type { AnalyticsQuery, Interval } from './services/analytics.js';
export type { AppInput } from './services/apps.js';
export type { BootstrapOptions, BootstrapResult } from './services/bootstrap.js';
export type { ChatInput } from './services/chat.js';
export type { DatastoreInput } from './services/datastores.js';
export type { UploadInput } from './services/documents.js';
export type { ExecuteInput, ExecuteResult, TurnOptions } from './services/execute.js';
export type { FeedbackInput } from './services/feedback.js';
export type { HumanMessageInput } from './services/handoff.js';
export type { ClaimedIdentity } from './services/identity.js';
export type { InboxQuery } from './services/inbox.js';
export { adminKeyProblem, type CreateKeyInput, planLimits } from './services/keys.js';
export * from './services/live-turns.js';
export { type AttemptRecord, type Outbox, type OutboxParts, storeOutbox } from './services/outbox.js';
export type { CreateSessionInput } from './services/sessions.js';
export type { CreateShareInput } from './services/shares.js';
export { presentDelivery, presentWebhook, type WebhookInput, webhookEvents } from './services/webhooks.js';
export { claimLease, releaseLease } from './store/lease.js';
export { sameRecord } from './store/same-record.js';
export * from './store/store.js';
export * from './tools/http-tool.js';
export { maskHeaderValue } from './tools/tool-headers.js';
export { escalationNotice, toolLimitNotice } from './turns/messages.js';
export { maxModelCallsPerTurn } from './turns/model-turn.js';
export { sessionTemplateContext } from './turns/session-thread.js';
export type { Thread, TurnResult } from './turns/thread.js';
export * from './types.js';
export { type Clock, systemClock, toIso } from './util/clock.js';
export { forEachInSlices, yieldToEventLoop } from './util/event-loop-slices.js';
export { newId, randomToken } from './util/ids.js';
export { KeyedMutex } from './util/keyed-mutex.js';
export { mergeMetadata } from './util/merge.js';
export type { ListParameters, ListResponse } from './util/pagination.js';
export { passwordRule } from './util/password.js';
export { hashSecret, maskSecret } from './util/secrets.js';
