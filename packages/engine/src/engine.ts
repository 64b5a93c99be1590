import type { EventBus, SessionEvent, SessionTurnEvent } from './bus/event-bus.js';
import { sessionTopic, turnTopic } from './bus/event-bus.js';
import { ChannelBridge, type ChannelBridgeOptions } from './channels/channel-bridge.js';
import { type ChannelServices, createChannelServices } from './channels/channel-services.js';
import { type ChannelInstallations, createChannelInstallations } from './channels/installations.js';
import { createSupportServices, type SupportServices } from './channels/support-services.js';
import { createContext, type EngineContext, type Knowledge } from './context.js';
import type { Dedupe } from './coordination/dedupe.js';
import { InProcessLiveTurnLog, type LiveTurnLog } from './coordination/live-turn-log.js';
import type { Locks } from './coordination/locks.js';
import type { ChatModel } from './model/chat-model.js';
import * as accounts from './operators/accounts.js';
import * as consoleSessions from './operators/console-sessions.js';
import * as firstOwner from './operators/first-owner.js';
import * as invites from './operators/invites.js';
import { type OperatorRole, type Principal, requireAgentAccess } from './principal.js';
import * as agents from './services/agents.js';
import { type AnalyticsQuery, appAnalytics } from './services/analytics.js';
import { appUnansweredQuestions } from './services/analytics-unanswered.js';
import * as apps from './services/apps.js';
import { awayReason, sweepHandoffTimeouts } from './services/away.js';
import { type BootstrapOptions, bootstrap } from './services/bootstrap.js';
import { type ChatInput, chat } from './services/chat.js';
import { conversationCitation, sessionCitation } from './services/citation-context.js';
import { leaveContact } from './services/contact.js';
import { conversationAwayOf, leaveConversationContact } from './services/conversation-away.js';
import * as conversationHandoff from './services/conversation-handoff.js';
import * as conversations from './services/conversations.js';
import * as datastores from './services/datastores.js';
import * as definitions from './services/definitions.js';
import { getOriginal } from './services/document-originals.js';
import * as documents from './services/documents.js';
import { escalateSession } from './services/escalation.js';
import { type ExecuteInput, execute, type TurnOptions } from './services/execute.js';
import { type FeedbackInput, rateConversationMessage, rateMessage } from './services/feedback.js';
import { type HumanMessageInput, postHumanMessage, resolveSession } from './services/handoff.js';
import type { ClaimedIdentity } from './services/identity.js';
import * as inbox from './services/inbox.js';
import * as keys from './services/keys.js';
import type { LiveTurnsOptions } from './services/live-turns.js';
import { type Outbox, storeOutbox } from './services/outbox.js';
import type { RetentionOptions } from './services/retention.js';
import { visitorOf } from './services/returning-user.js';
import * as sessions from './services/sessions.js';
import * as shares from './services/shares.js';
import { announceTyping, assignSession } from './services/takeover.js';
import { type ToolTestInput, testAgentTool } from './services/tool-test.js';
import { searchTranscripts, type TranscriptSearchQuery } from './services/transcript-search.js';
import { conversationTranscript, sessionTranscript } from './services/transcripts.js';
import * as webhooks from './services/webhooks.js';
import type { Store, StoreHealth } from './store/store.js';
import type { ToolRunner } from './tools/http-tool.js';
import { type Clock, systemClock } from './util/clock.js';
import type { ListParameters } from './util/pagination.js';

export interface EngineOptions {
  store: Store;
  model: ChatModel;
  clock?: Clock;
  historyWindow?: number;
  bus?: EventBus;
  /** Document parsing and retrieval (from @parley/knowledge). */
  knowledge?: Knowledge;
  /** Makes agents' HTTP tool calls (the server's refuses private addresses); without it they fail. */
  toolRunner?: ToolRunner;
  /** How long finished turns stay resumable, and how much of them is kept (the in-process log). */
  liveTurns?: LiveTurnsOptions;
  /** The coordination seams, in-process by default; shared ones (Redis) let several nodes serve together. */
  locks?: Locks;
  liveTurnLog?: LiveTurnLog;
  dedupe?: Dedupe;
  /** How long ended sessions and conversations are kept; forever by default. */
  retention?: RetentionOptions;
}

/**
 * Parley's core, free of any transport: HTTP, SSE, Socket.IO, Slack and Teams
 * are edges that translate their traffic into these calls.
 */
export class Engine {
  readonly context: EngineContext;
  /** Turns under way and just finished, for resuming an answer and answering a resent message once. */
  readonly liveTurns: LiveTurnLog;
  /** The webhook outbox, for the dispatcher: pending deliveries, attempts' outcomes, new deliveries as written. */
  readonly outbox: Outbox;
  /**
   * What a chat platform's bridge needs (turns, sessions, links, live events), and `bridge` to make
   * one for a connector: `engine.channels.bridge({ appId, connector })`.
   */
  readonly channels: ChannelServices & {
    bridge(options: Omit<ChannelBridgeOptions, 'engine'>): ChannelBridge;
  };
  /** The workspaces a platform was installed in through its OAuth flow, and the app answering in each. */
  readonly channelInstallations: ChannelInstallations;
  /** What a support desk (a team answering escalations from a Slack channel) needs: see `SupportDesk`. */
  readonly support: SupportServices;

  constructor(options: EngineOptions) {
    this.context = createContext({
      store: options.store,
      model: options.model,
      clock: options.clock ?? systemClock,
      historyWindow: options.historyWindow,
      bus: options.bus,
      knowledge: options.knowledge,
      toolRunner: options.toolRunner,
      retention: options.retention,
      locks: options.locks,
      dedupe: options.dedupe,
    });
    this.liveTurns = options.liveTurnLog ?? new InProcessLiveTurnLog(this.context.clock, options.liveTurns);
    this.outbox = storeOutbox(this.context);
    const channels = createChannelServices(this.context);
    this.support = createSupportServices(this.context);
    this.channels = {
      ...channels,
      bridge: (bridgeOptions) => new ChannelBridge({ ...bridgeOptions, engine: { channels } }),
    };
    this.channelInstallations = createChannelInstallations(this.context);
  }

  get model(): ChatModel {
    return this.context.model;
  }

  bootstrap(options: BootstrapOptions) {
    return bootstrap(this.context, options);
  }

  authenticate(credential: string): Promise<Principal> {
    return keys.authenticate(this.context, credential);
  }

  /** Whether the store takes writes, and what it warns about (for `/readyz`). */
  storeHealth(): StoreHealth {
    return this.context.store.health?.() ?? { writable: true, warnings: [] };
  }

  readonly keys = {
    create: (input: keys.CreateKeyInput) => keys.createKey(this.context, input),
    list: (parameters: ListParameters) => keys.listKeys(this.context, parameters),
    delete: (keyId: string) => keys.deleteKey(this.context, keyId),
  };

  /** The console's operators (team members): owners and admins manage them; `actor` is who asks. */
  readonly operators = {
    list: (parameters: ListParameters) => accounts.listOperators(this.context, parameters),
    get: async (operatorId: string) => {
      const record = await this.context.store.get('operators', operatorId);
      return record ? accounts.presentOperator(record) : null;
    },
    update: (operatorId: string, patch: { role?: OperatorRole; name?: string }, actor: Principal) =>
      accounts.updateOperator(this.context, operatorId, patch, actor),
    delete: (operatorId: string, actor: Principal) =>
      accounts.deleteOperator(this.context, operatorId, actor),
    invite: (input: { email: string; role: OperatorRole }, actor: Principal) =>
      invites.createInvite(this.context, input, actor),
    pendingInvites: () => invites.listPendingInvites(this.context),
    revokeInvite: (inviteId: string, actor: Principal) => invites.revokeInvite(this.context, inviteId, actor),
    describeInvite: (token: string) => invites.describeInvite(this.context, token),
    acceptInvite: (token: string, input: { name: string; password: string }) =>
      invites.acceptInvite(this.context, token, input),
    /** The first owner from the environment (`PARLEY_ADMIN_EMAIL`), once; never overwrites anyone. */
    ensureFirstOwner: (input: firstOwner.FirstOwnerInput) => firstOwner.ensureFirstOwner(this.context, input),
  };

  /** Console sign-in: sessions whose tokens live in a cookie (only their hashes are stored). */
  readonly console = {
    needsOwner: () => firstOwner.needsOwner(this.context),
    /** The first visit's setup; the caller has checked the admin key. Refused once an owner exists. */
    setUp: (input: firstOwner.FirstOwnerInput) => firstOwner.setUpFirstOwner(this.context, input),
    signIn: (email: string, password: string) => consoleSessions.signIn(this.context, email, password),
    /** The principal of a session token now, or null (unknown, expired, signed out, operator removed). */
    authenticate: (token: string) => consoleSessions.authenticateConsoleSession(this.context, token),
    signOut: (token: string) => consoleSessions.signOut(this.context, token),
    signOutEverywhere: (operatorId: string) => consoleSessions.signOutEverywhere(this.context, operatorId),
  };

  readonly apps = {
    create: (input: apps.AppInput) => apps.createApp(this.context, input),
    list: (parameters: ListParameters) => apps.listApps(this.context, parameters),
    get: (appId: string) => apps.getApp(this.context, appId),
    update: (appId: string, patch: Partial<apps.AppInput>) => apps.updateApp(this.context, appId, patch),
    delete: (appId: string) => apps.deleteApp(this.context, appId),
    /** A new identity secret for `user_hash`, answered this once; the previous one stops verifying. */
    rotateIdentitySecret: (appId: string) => apps.rotateIdentitySecret(this.context, appId),
  };

  readonly agents = {
    create: (input: agents.AgentInput) => agents.createAgent(this.context, input),
    list: (parameters: ListParameters) => agents.listAgents(this.context, parameters),
    get: (agentId: string) => agents.getAgent(this.context, agentId),
    update: (agentId: string, patch: Partial<agents.AgentInput>) =>
      agents.updateAgent(this.context, agentId, patch),
    delete: (agentId: string) => agents.deleteAgent(this.context, agentId),
    connectDatastore: (agentId: string, datastoreId: string) =>
      agents.connectDatastore(this.context, agentId, datastoreId),
    disconnectDatastore: (agentId: string, datastoreId: string) =>
      agents.disconnectDatastore(this.context, agentId, datastoreId),
    chat: (agentId: string, input: ChatInput, principal: Principal, options?: TurnOptions) =>
      chat(this.context, agentId, input, principal, options),
    share: (agentId: string, input: shares.CreateShareInput) =>
      shares.createShare(this.context, agentId, input),
    revokeShares: (agentId: string) => shares.revokeShares(this.context, agentId),
    /** Calls one of the agent's HTTP tools (saved or not) with sample arguments, as a turn would. */
    testTool: (agentId: string, input: ToolTestInput, signal?: AbortSignal) =>
      testAgentTool(this.context, agentId, input, signal),
    /**
     * Throws unless `principal` may talk to the agent (the chat route and the socket): a publishable
     * key of the agent or of an app holding it, or its share token.
     */
    checkAccess: async (principal: Principal, agentId: string): Promise<void> => {
      const appOfKey =
        principal.kind === 'publishable' && principal.appId
          ? await this.context.store.get('apps', principal.appId)
          : null;
      requireAgentAccess(principal, agentId, appOfKey ?? null);
    },
  };

  /** Any session or agent conversation whole (live or ended), and a bounded search over the newest messages. */
  readonly transcripts = {
    session: (appId: string, sessionId: string) => sessionTranscript(this.context, appId, sessionId),
    conversation: (agentId: string, conversationId: string) =>
      conversationTranscript(this.context, agentId, conversationId),
    search: (query: TranscriptSearchQuery) => searchTranscripts(this.context, query),
  };

  readonly conversations = {
    list: (agentId: string, parameters: ListParameters) =>
      conversations.listConversations(this.context, agentId, parameters),
    /** Given a principal, not_found unless that credential may read or continue the conversation. */
    get: (agentId: string, conversationId: string, principal?: Principal) =>
      conversations.getConversation(this.context, agentId, conversationId, principal),
    delete: (agentId: string, conversationId: string) =>
      conversations.deleteConversation(this.context, agentId, conversationId),
    /** Thumbs up or down on an answer of the conversation, as `sessions.rate` on a session's; `principal` as for `get`. */
    rate: (
      agentId: string,
      conversationId: string,
      messageId: string,
      input: FeedbackInput,
      principal?: Principal,
    ) => rateConversationMessage(this.context, agentId, conversationId, messageId, input, principal),
    /** Citation `number` of an answer with its page's text around the excerpt; `principal` as for `get`. */
    citation: (
      agentId: string,
      conversationId: string,
      messageId: string,
      number: number,
      principal?: Principal,
    ) => conversationCitation(this.context, agentId, conversationId, messageId, number, principal),
    /** The visitor asks for a person (the share page); `principal` reaches only the conversations it opened. */
    escalate: (agentId: string, conversationId: string, principal: Principal) =>
      conversationHandoff.escalateConversation(this.context, agentId, conversationId, principal),
    /** The share page's visitor leaves an email while no person will answer soon (its team app's away). */
    leaveContact: (appId: string, conversationId: string, email: string, principal: Principal) =>
      leaveConversationContact(this.context, appId, conversationId, email, principal),
    /** Whether a reloaded share page is told again that no person will answer soon (and by which app's team). */
    awayReason: (agentId: string, conversationId: string) =>
      conversationAwayOf(this.context, agentId, conversationId),
    /** A person answers the escalated conversation; the share page hears it live. */
    postHumanMessage: (agentId: string, conversationId: string, input: HumanMessageInput) =>
      conversationHandoff.postConversationMessage(this.context, agentId, conversationId, input),
    /** Whether a person answers the conversation now; `principal` as for `get`. */
    escalated: async (agentId: string, conversationId: string, principal?: Principal) => {
      const conversation = principal
        ? await conversations.getConversationFor(this.context, principal, agentId, conversationId)
        : await conversations.getConversationRecord(this.context, agentId, conversationId);
      return conversation.escalated === true;
    },
    /** Hands the conversation back to the bot. */
    resolve: (agentId: string, conversationId: string) =>
      conversationHandoff.resolveConversation(this.context, agentId, conversationId),
    /** Calls `listener` with the conversation's live events (a person's reply, typing, escalation, hand-back). */
    follow: (conversationId: string, listener: (event: SessionEvent) => void): (() => void) =>
      this.context.bus.subscribe(sessionTopic(conversationId), listener),
  };

  readonly sessions = {
    /** Checks a chat window's claimed identity; a verified user's open session, to continue it. */
    visitor: (appId: string, claimed: ClaimedIdentity, principal: Principal) =>
      visitorOf(this.context, appId, claimed, principal),
    /** Records who opened it (`principal`, or a connector's `channel:<platform>`): see `check`. */
    create: (appId: string, input: sessions.CreateSessionInput, opener?: sessions.SessionOpener) =>
      sessions.createSession(this.context, appId, input, opener),
    /** Given a principal, not_found unless that credential may reach the session, as for `check`. */
    history: (appId: string, sessionId: string, principal?: Principal) =>
      sessions.getHistory(this.context, appId, sessionId, principal),
    /**
     * Throws not_found (`details.session_id`) unless the session is of this app, neither ended nor
     * expired, and (given a principal) one it may reach: a publishable key only those it opened.
     */
    check: async (appId: string, sessionId: string, principal?: Principal): Promise<void> => {
      await sessions.getLiveSession(this.context, appId, sessionId, principal);
    },
    end: (appId: string, sessionId: string) => sessions.endSession(this.context, appId, sessionId),
    escalate: (appId: string, sessionId: string, principal?: Principal) =>
      escalateSession(this.context, appId, sessionId, principal),
    postHumanMessage: (appId: string, sessionId: string, input: HumanMessageInput) =>
      postHumanMessage(this.context, appId, sessionId, input),
    resolve: (appId: string, sessionId: string) => resolveSession(this.context, appId, sessionId),
    rate: (
      appId: string,
      sessionId: string,
      messageId: string,
      input: FeedbackInput,
      principal?: Principal,
    ) => rateMessage(this.context, appId, sessionId, messageId, input, principal),
    /** Citation `number` of an answer with its page's text around the excerpt; a publishable key reaches only its sessions. */
    citation: (appId: string, sessionId: string, messageId: string, number: number, principal?: Principal) =>
      sessionCitation(this.context, appId, sessionId, messageId, number, principal),
    /** Calls `listener` with the session's live events (a person's reply, escalation, resolution) until the returned function is called. */
    follow: (sessionId: string, listener: (event: SessionEvent) => void): (() => void) =>
      this.context.bus.subscribe(sessionTopic(sessionId), listener),
    /** Ends every expired session with `session.ended`; the server runs it on a timer. */
    sweepExpired: () => sessions.sweepExpiredSessions(this.context),
    /** Tells visitors whose escalation nobody took within the app's handoff timeout that no one is free. */
    sweepHandoffTimeouts: () => sweepHandoffTimeouts(this.context),
    /** Why no person will answer the session soon (`closed`, `timeout`), or null: told again to a reloaded chat. */
    awayReason: (appId: string, sessionId: string) => awayReason(this.context, appId, sessionId),
    /** The visitor leaves an email to be answered later (session metadata `contact_email`, webhooks). */
    leaveContact: (appId: string, sessionId: string, email: string, principal?: Principal) =>
      leaveContact(this.context, appId, sessionId, email, principal),
    /** What the sweeps cost: the sessions they read so far (only the due ones). */
    sweepStats: () => ({ examined: this.context.sessionExpiries.examined }),
  };

  /** What the people answering conversations use (the console's inbox): every app's sessions, live. */
  readonly inbox = {
    /** Sessions newest activity first, filtered (`app_id`, status, channel, escalated, words), a page at a time. */
    list: (principal: Principal, query: inbox.InboxQuery) => inbox.listInbox(this.context, principal, query),
    /** The summary the list shows of one session, or null when there is no such session. */
    summary: async (sessionId: string) => {
      await this.context.inbox.load(this.context.store);
      const entry = this.context.inbox.get(sessionId);
      return entry ? inbox.presentInboxSession(this.context, entry) : null;
    },
    /** A session of the app with its whole transcript (citations, tools, feedback), ended ones too. */
    transcript: (appId: string, sessionId: string) =>
      inbox.getInboxTranscript(this.context, appId, sessionId),
    /** Takes the session over for the calling person: escalated (the model stays quiet) and assigned. */
    assign: (appId: string, sessionId: string, principal: Principal, name?: string) =>
      assignSession(this.context, appId, sessionId, principal, name),
    /** Tells the visitor a person is typing; nothing is stored. */
    typing: (appId: string, sessionId: string, principal: Principal, name?: string) =>
      announceTyping(this.context, appId, sessionId, principal, name),
    /** An agent's conversation (the share page) with its whole transcript, as `transcript` gives a session. */
    conversationTranscript: (agentId: string, conversationId: string) =>
      inbox.getConversationInboxTranscript(this.context, agentId, conversationId),
    /** Takes an agent's conversation over, as `assign` a session. */
    assignConversation: (agentId: string, conversationId: string, principal: Principal, name?: string) =>
      conversationHandoff.assignConversation(this.context, agentId, conversationId, principal, name),
    /** Tells the share page's visitor a person is typing, as `typing` a session's. */
    conversationTyping: (agentId: string, conversationId: string, principal: Principal, name?: string) =>
      conversationHandoff.conversationTyping(this.context, agentId, conversationId, principal, name),
    /** Calls `listener` with the id of every session whose summary changed, until the returned function is called. */
    followChanges: (listener: (change: { session_id: string; app_id: string }) => void): (() => void) =>
      this.context.bus.subscribe('inbox', listener),
    /** Every session's live events (messages, escalation, assignment, typing, hand-back). */
    followSessions: (listener: (event: SessionEvent) => void): (() => void) =>
      this.context.bus.subscribe('sessions', listener),
    /** A session's turn events as they happen (start, token, tool_call, citation, done). */
    watchTurns: (sessionId: string, listener: (event: SessionTurnEvent) => void): (() => void) =>
      this.context.bus.subscribe(turnTopic(sessionId), listener),
  };

  /**
   * Deletes ended sessions and conversations past the configured retention (nothing by
   * default); the server runs it with the sweeper. Resolves with how many it deleted.
   */
  pruneHistory() {
    return this.context.retention.prune(this.context);
  }

  /** Counts a data folder from before the analytics buckets (once, in the background); reports wait for it. */
  analyticsReady(): Promise<void> {
    return this.context.analytics.ready();
  }

  readonly webhooks = {
    create: (appId: string, input: webhooks.WebhookInput) =>
      webhooks.createWebhook(this.context, appId, input),
    list: (appId: string, parameters: ListParameters) =>
      webhooks.listWebhooks(this.context, appId, parameters),
    get: async (appId: string, webhookId: string) =>
      webhooks.presentWebhook(await webhooks.getWebhookRecord(this.context, appId, webhookId)),
    update: (appId: string, webhookId: string, patch: Partial<Omit<webhooks.WebhookInput, 'secret'>>) =>
      webhooks.updateWebhook(this.context, appId, webhookId, patch),
    rotateSecret: (appId: string, webhookId: string) =>
      webhooks.rotateWebhookSecret(this.context, appId, webhookId),
    delete: (appId: string, webhookId: string) => webhooks.deleteWebhook(this.context, appId, webhookId),
    deliveries: (appId: string, webhookId: string, parameters: ListParameters) =>
      webhooks.listDeliveries(this.context, appId, webhookId, parameters),
    createTestDelivery: (appId: string, webhookId: string) =>
      webhooks.createTestDelivery(this.context, appId, webhookId),
    /** A delivery of the webhook (404 when it is not one of its own). */
    delivery: (appId: string, webhookId: string, deliveryId: string) =>
      webhooks.getDeliveryRecord(this.context, appId, webhookId, deliveryId),
    /** Removes delivered deliveries older than `retentionMs` (0: none), in slices; the server runs it on a timer. */
    pruneDelivered: (retentionMs: number) => webhooks.pruneDeliveredDeliveries(this.context, retentionMs),
  };

  readonly datastores = {
    create: (input: datastores.DatastoreInput) => datastores.createDatastore(this.context, input),
    list: (parameters: ListParameters) => datastores.listDatastores(this.context, parameters),
    get: (datastoreId: string) => datastores.getDatastore(this.context, datastoreId),
    update: (datastoreId: string, patch: Partial<datastores.DatastoreInput>) =>
      datastores.updateDatastore(this.context, datastoreId, patch),
    delete: (datastoreId: string) => datastores.deleteDatastore(this.context, datastoreId),
  };

  readonly definitions = {
    create: (input: definitions.DefinitionInput) => definitions.createDefinition(this.context, input),
    list: (parameters: ListParameters) => definitions.listDefinitions(this.context, parameters),
    get: (definitionId: string) => definitions.getDefinition(this.context, definitionId),
    update: (definitionId: string, patch: Partial<definitions.DefinitionInput>) =>
      definitions.updateDefinition(this.context, definitionId, patch),
    delete: (definitionId: string) => definitions.deleteDefinition(this.context, definitionId),
  };

  readonly documents = {
    upload: (datastoreId: string, input: documents.UploadInput) =>
      documents.uploadDocument(this.context, datastoreId, input),
    list: (datastoreId: string, parameters: ListParameters) =>
      documents.listDocuments(this.context, datastoreId, parameters),
    get: (datastoreId: string, documentId: string) =>
      documents.getDocument(this.context, datastoreId, documentId),
    delete: (datastoreId: string, documentId: string) =>
      documents.deleteDocument(this.context, datastoreId, documentId),
    /** The document's passages in reading order, as they are searched and cited. */
    passages: (datastoreId: string, documentId: string, parameters: ListParameters) =>
      documents.listPassages(this.context, datastoreId, documentId, parameters),
    /** The original file of a document of a public datastore, for a principal using an agent answering from it. */
    original: (datastoreId: string, documentId: string, principal: Principal) =>
      getOriginal(this.context, datastoreId, documentId, principal),
    /** Marks documents a stop left half-read as failed; run on start. */
    failInterrupted: () => documents.failInterruptedIngestion(this.context),
    /** Resolves once every queued document has been read (for tests and shutdown). */
    settled: () => this.context.ingestion.run('ingestion', async () => {}),
  };

  analytics(appId: string, query: AnalyticsQuery) {
    return appAnalytics(this.context, appId, query);
  }

  /** The newest answers of the app in a window that did not answer, with their questions (bounded). */
  unansweredQuestions(appId: string, query: { from?: string | undefined; to?: string | undefined }) {
    return appUnansweredQuestions(this.context, appId, query);
  }

  /** Given a principal, the turn opens a session recorded as its own, or continues one it may reach. */
  execute(appId: string, input: ExecuteInput, options?: TurnOptions, principal?: Principal) {
    return execute(this.context, appId, input, options, principal);
  }

  /** Waits for documents being read, then closes the store. */
  async close(): Promise<void> {
    await this.context.ingestion.run('ingestion', async () => {});
    await this.context.store.close();
  }
}
