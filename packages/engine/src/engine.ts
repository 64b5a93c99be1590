import type { EventBus } from './bus/event-bus.js';
import { ChannelBridge, type ChannelBridgeOptions } from './channels/channel-bridge.js';
import { type ChannelServices, createChannelServices } from './channels/channel-services.js';
import { type ChannelInstallations, createChannelInstallations } from './channels/installations.js';
import { createSupportServices, type SupportServices } from './channels/support-services.js';
import { createContext, type EngineContext, type Knowledge } from './context.js';
import type { Dedupe } from './coordination/dedupe.js';
import { InProcessLiveTurnLog, type LiveTurnLog } from './coordination/live-turn-log.js';
import type { Locks } from './coordination/locks.js';
import { conversationServices, inboxServices, sessionServices } from './engine-sessions.js';
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
import { type BootstrapOptions, bootstrap } from './services/bootstrap.js';
import { type ChatInput, chat } from './services/chat.js';
import * as datastores from './services/datastores.js';
import * as definitions from './services/definitions.js';
import { getOriginal } from './services/document-originals.js';
import * as documents from './services/documents.js';
import { type ExecuteInput, execute, type TurnOptions } from './services/execute.js';
import * as keys from './services/keys.js';
import type { LiveTurnsOptions } from './services/live-turns.js';
import { type Outbox, storeOutbox } from './services/outbox.js';
import type { RetentionOptions } from './services/retention.js';
import * as shares from './services/shares.js';
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
  /** An agent's conversations (the share page). */
  readonly conversations: ReturnType<typeof conversationServices>;
  /** An app's sessions. */
  readonly sessions: ReturnType<typeof sessionServices>;
  /** What the people answering conversations use (the console's inbox): every app's sessions, live. */
  readonly inbox: ReturnType<typeof inboxServices>;

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
    this.conversations = conversationServices(this.context);
    this.sessions = sessionServices(this.context);
    this.inbox = inboxServices(this.context);
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
