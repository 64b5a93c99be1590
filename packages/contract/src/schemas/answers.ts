import type { z } from 'zod';
import type * as types from '../types/index.js';
import type * as agents from './agents.js';
import type * as analytics from './analytics.js';
import type * as apps from './apps.js';
import type * as channels from './channels.js';
import type * as common from './common.js';
import type * as conversations from './conversations.js';
import type * as datastores from './datastores.js';
import type * as definitions from './definitions.js';
import type * as handoff from './handoff.js';
import type * as inbox from './inbox.js';
import type * as keys from './keys.js';
import type * as operators from './operators.js';
import type * as sessions from './sessions.js';
import type * as transcripts from './transcripts.js';
import type * as webhooks from './webhooks.js';

/**
 * The answer types clients read (`../types/`) are written as plain interfaces, so that the SDK and the
 * widget can import them without zod. This file proves, when it compiles, that each one is exactly what
 * its schema documents and the server answers: a field added, dropped or changed on one side only fails
 * `tsc` here.
 */

/** True when each of the two types is assignable to the other. */
type Same<Left, Right> = [Left] extends [Right] ? ([Right] extends [Left] ? true : false) : false;

/** Fails to compile, at the entry that uses it, unless its argument is `true`. */
type Expect<Check extends true> = Check;

/** Each entry compiles only while the schema's output and the type are the same. */
export type AnswerTypesMatchSchemas = {
  agent: Expect<Same<z.output<typeof agents.agent>, types.Agent>>;
  agentSummary: Expect<Same<z.output<typeof agents.agentSummary>, types.AgentSummary>>;
  httpTool: Expect<Same<z.output<typeof agents.httpTool>, types.HttpTool>>;
  toolTestResult: Expect<Same<z.output<typeof agents.toolTestResult>, types.ToolTestResult>>;
  analytics: Expect<Same<z.output<typeof analytics.analytics>, types.Analytics>>;
  app: Expect<Same<z.output<typeof apps.app>, types.App>>;
  error: Expect<Same<z.output<typeof common.errorResponse>, { error: types.SocketError }>>;
  deleted: Expect<Same<z.output<typeof common.deleted>, types.Deleted>>;
  agentList: Expect<
    Same<
      z.output<ReturnType<typeof common.listOf<typeof agents.agentSummary>>>,
      types.List<types.AgentSummary>
    >
  >;
  chatResponse: Expect<Same<z.output<typeof conversations.chatResponse>, types.ChatResponse>>;
  conversationSummary: Expect<
    Same<z.output<typeof conversations.conversationSummary>, types.ConversationSummary>
  >;
  conversation: Expect<Same<z.output<typeof conversations.conversation>, types.Conversation>>;
  shareLink: Expect<Same<z.output<typeof conversations.shareResponse>, types.ShareLink>>;
  sharesRevoked: Expect<Same<z.output<typeof conversations.sharesRevoked>, types.SharesRevoked>>;
  datastore: Expect<Same<z.output<typeof datastores.datastore>, types.Datastore>>;
  document: Expect<Same<z.output<typeof datastores.document>, types.DatastoreDocument>>;
  passage: Expect<Same<z.output<typeof datastores.passage>, types.DocumentPassage>>;
  definition: Expect<Same<z.output<typeof definitions.definition>, types.Definition>>;
  escalation: Expect<Same<z.output<typeof handoff.escalated>, types.Escalation>>;
  contactLeft: Expect<Same<z.output<typeof handoff.contactLeft>, types.ContactLeft>>;
  humanMessage: Expect<Same<z.output<typeof handoff.humanMessage>, types.HumanMessage>>;
  resolution: Expect<Same<z.output<typeof handoff.resolved>, types.Resolution>>;
  feedback: Expect<Same<z.output<typeof handoff.feedback>, types.Feedback>>;
  inboxSession: Expect<Same<z.output<typeof inbox.inboxSession>, types.InboxSession>>;
  inboxTranscript: Expect<Same<z.output<typeof inbox.inboxTranscript>, types.InboxTranscript>>;
  inboxAssignment: Expect<Same<z.output<typeof inbox.inboxAssignment>, types.InboxAssignment>>;
  inboxTyping: Expect<Same<z.output<typeof inbox.inboxTyping>, types.InboxTyping>>;
  conversationEscalation: Expect<
    Same<z.output<typeof inbox.conversationEscalated>, types.ConversationEscalation>
  >;
  conversationHumanMessage: Expect<
    Same<z.output<typeof inbox.conversationHumanMessage>, types.ConversationHumanMessage>
  >;
  conversationResolution: Expect<
    Same<z.output<typeof inbox.conversationResolved>, types.ConversationResolution>
  >;
  conversationAssignment: Expect<
    Same<z.output<typeof inbox.conversationAssignment>, types.ConversationAssignment>
  >;
  conversationTyping: Expect<Same<z.output<typeof inbox.conversationTyping>, types.ConversationTyping>>;
  key: Expect<Same<z.output<typeof keys.key>, types.ApiKey>>;
  createdKey: Expect<Same<z.output<typeof keys.createdKey>, types.CreatedApiKey>>;
  operator: Expect<Same<z.output<typeof operators.operator>, types.Operator>>;
  consoleStatus: Expect<Same<z.output<typeof operators.consoleStatus>, types.ConsoleStatus>>;
  signedIn: Expect<Same<z.output<typeof operators.signedIn>, types.SignedIn>>;
  signedOut: Expect<Same<z.output<typeof operators.signedOut>, types.SignedOut>>;
  createdInvite: Expect<Same<z.output<typeof operators.createdInvite>, types.CreatedInvite>>;
  inviteDetails: Expect<Same<z.output<typeof operators.inviteDetails>, types.InviteDetails>>;
  pendingInvite: Expect<Same<z.output<typeof operators.pendingInvite>, types.PendingInvite>>;
  session: Expect<Same<z.output<typeof sessions.session>, types.Session>>;
  executeResponse: Expect<Same<z.output<typeof sessions.executeResponse>, types.ExecuteResponse>>;
  citation: Expect<Same<z.output<typeof sessions.citation>, types.Citation>>;
  messageFeedback: Expect<Same<z.output<typeof sessions.messageFeedback>, types.MessageFeedback>>;
  history: Expect<Same<z.output<typeof sessions.historyResponse>, types.SessionHistory>>;
  sessionEnded: Expect<Same<z.output<typeof sessions.endedSession>, types.SessionEnded>>;
  webhook: Expect<Same<z.output<typeof webhooks.webhook>, types.Webhook>>;
  webhookWithSecret: Expect<Same<z.output<typeof webhooks.webhookWithSecret>, types.WebhookWithSecret>>;
  webhookCreated: Expect<Same<z.output<typeof webhooks.webhookCreated>, types.WebhookCreated>>;
  delivery: Expect<Same<z.output<typeof webhooks.delivery>, types.WebhookDelivery>>;
  unansweredQuestions: Expect<
    Same<z.output<typeof analytics.unansweredQuestions>, types.UnansweredQuestions>
  >;
  channelStatus: Expect<Same<z.output<typeof channels.channelStatus>, types.ChannelStatus>>;
  channelList: Expect<Same<z.output<typeof channels.channelList>, types.ChannelList>>;
  slackWorkspace: Expect<Same<z.output<typeof channels.slackWorkspace>, types.SlackWorkspace>>;
  slackWorkspaceList: Expect<Same<z.output<typeof channels.slackWorkspaceList>, types.SlackWorkspaceList>>;
  transcript: Expect<Same<z.output<typeof transcripts.transcript>, types.Transcript>>;
  transcriptSearch: Expect<Same<z.output<typeof transcripts.transcriptSearch>, types.TranscriptSearch>>;
};

/** The request bodies written as plain types, each the same as what its schema takes. */
export type RequestTypesMatchSchemas = {
  appCreateBody: Expect<Same<z.input<typeof apps.createAppBody>, types.AppCreateBody>>;
  slackWorkspaceUpdateBody: Expect<
    Same<z.input<typeof channels.updateSlackWorkspaceBody>, types.SlackWorkspaceUpdateBody>
  >;
};
