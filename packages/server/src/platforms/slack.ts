import { ChannelBridge, type ChannelHandler, type Engine, SupportDesk } from '@parley/engine';
import type { PlatformReceiver } from '@parley/receiver';
import type { SlackOAuthSettings } from '../config.js';
import type { Logger } from '../logger.js';
import { createSecretBox } from '../secrets/secret-box.js';
import type { PlatformOptions } from './index.js';
import { parseSupportChannel, supportWorkspaces } from './slack-support-channel.js';

const endpoint = '/slack/events';
export const slackInstallPath = '/slack/install';
export const slackRedirectPath = '/slack/oauth_redirect';

/**
 * The Slack connector, when its secrets are set: HTTP events at `/slack/events`, or Socket Mode
 * with an app token; with `SLACK_CLIENT_ID`, installs in many workspaces ("Add to Slack").
 */
export async function createSlackPlatform(options: PlatformOptions): Promise<PlatformReceiver | null> {
  const settings = options.config.slack;
  const oauth = settings.oauth;
  if (!oauth && (!settings.botToken || !(settings.signingSecret || settings.appToken))) {
    options.logger.info(
      'Slack connector is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (one workspace), or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET and PARLEY_SECRETS_KEY (Add to Slack) to turn it on',
    );
    return null;
  }
  // Bolt is loaded only when Slack is on (a few hundred milliseconds of every start otherwise).
  const slack = await import('@parley/connector-slack');
  const logger = options.logger.child({ channel: 'slack' });
  const defaultAppId = settings.parleyAppId ?? options.defaultAppId;
  if (oauth && (settings.botToken || settings.appToken))
    logger.warn(
      'Slack: SLACK_CLIENT_ID is set, so SLACK_BOT_TOKEN and SLACK_APP_TOKEN are not used (each workspace has its own token)',
    );
  const installationStore = oauth ? slack.createInstallationStore(vaultOf(options.engine, oauth)) : null;
  const connector = slack.createSlackConnector({
    ...(installationStore
      ? {
          tokenOf: async (teamId: string) =>
            (
              await installationStore
                .fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false })
                .catch(() => null)
            )?.bot?.token,
        }
      : { botToken: settings.botToken }),
    apiUrl: settings.apiUrl,
    logger,
    publicUrl: options.config.publicUrl,
  });
  const bridges = new AppBridges(options.engine, connector, settings.updateIntervalMs, logger);
  const handler: ChannelHandler = oauth
    ? workspaceRouter(options.engine, bridges, defaultAppId)
    : bridges.for(defaultAppId);
  // An app's (or a share-page agent's) support channel: its escalations open threads there, and the
  // team answers from them. With many workspaces, the channel is in the workspace it names (`T…/C…`),
  // else in the one workspace that chose the app.
  const workspaceOf = oauth ? supportWorkspaces(options.engine, defaultAppId, logger) : null;
  const desk = new SupportDesk({
    engine: options.engine,
    connector: new slack.SlackSupportConnector(connector, workspaceOf),
    channelOf: async (app) => {
      if (!app.slack_support_channel) return null;
      if (workspaceOf && (await workspaceOf(app)) === null) return null;
      return parseSupportChannel(app.slack_support_channel).channel;
    },
    publicUrl: options.config.publicUrl ?? null,
    onError: (error, step) => logger.error({ err: error }, `Slack: could not ${step}`),
  });
  const app = slack.createSlackApp({
    connector,
    bridge: options.activity ? options.activity.noting('slack', handler) : handler,
    support: slack.slackSupport(connector, desk),
    signingSecret: settings.signingSecret,
    appToken: oauth ? undefined : settings.appToken,
    endpoint,
    ...(oauth && installationStore
      ? {
          oauth: {
            clientId: oauth.clientId,
            clientSecret: oauth.clientSecret,
            stateSecret: oauth.stateSecret,
            scopes: slack.slackBotScopes(),
            installationStore,
            authorizeUrl: oauth.authorizeUrl,
            installPath: slackInstallPath,
            redirectUriPath: slackRedirectPath,
          },
        }
      : {}),
  });
  return {
    endpoints: app.endpoints,
    async start() {
      await options.engine.apps.get(defaultAppId).catch(() => {
        logger.error(
          `Slack: PARLEY_SLACK_APP_ID names no app (${defaultAppId}); Slack messages will not be answered`,
        );
      });
      // A person's answers reach Slack through the bridge of their session's app: one per app in use.
      if (oauth) {
        for (const installation of await options.engine.channelInstallations.list('slack'))
          if (installation.app_id) bridges.for(installation.app_id);
      }
      bridges.start();
      desk.start();
      try {
        await app.start();
      } catch (error) {
        logger.error({ err: error }, 'Slack connector could not connect over Socket Mode');
        return;
      }
      logger.info(
        oauth
          ? `Slack connector on for many workspaces (HTTP events at ${endpoint}, Add to Slack at ${slackInstallPath})`
          : app.mode === 'http'
            ? `Slack connector on (HTTP events at ${endpoint})`
            : 'Slack connector on (Socket Mode)',
      );
    },
    async stop() {
      bridges.stop();
      desk.stop();
      await app.stop();
    },
  };
}

/**
 * The installs kept in the store's `channel_installations`, each one's installation (its bot
 * token inside) sealed with `PARLEY_SECRETS_KEY` (AES-256-GCM, bound to its workspace).
 */
function vaultOf(engine: Engine, oauth: SlackOAuthSettings) {
  const box = createSecretBox(oauth.secretsKey);
  const installations = engine.channelInstallations;
  return {
    async save(workspaceId: string, workspaceName: string | null, installation: string) {
      await installations.save({
        platform: 'slack',
        workspace_id: workspaceId,
        workspace_name: workspaceName,
        sealed_credentials: box.seal(installation, `slack:${workspaceId}`),
      });
    },
    async load(workspaceId: string) {
      const record = await installations.get('slack', workspaceId);
      return record ? box.open(record.sealed_credentials, `slack:${workspaceId}`) : undefined;
    },
    async remove(workspaceId: string) {
      await installations.remove('slack', workspaceId);
    },
  };
}

/** One bridge per Parley app answering in Slack, made when first needed and started with the others. */
class AppBridges {
  private readonly bridges = new Map<string, ChannelBridge>();
  private started = false;

  constructor(
    private readonly engine: Engine,
    private readonly connector: ConstructorParameters<typeof ChannelBridge>[0]['connector'],
    private readonly updateIntervalMs: number,
    private readonly logger: Logger,
  ) {}

  for(appId: string): ChannelBridge {
    let bridge = this.bridges.get(appId);
    if (!bridge) {
      bridge = new ChannelBridge({
        engine: this.engine,
        appId,
        connector: this.connector,
        updateIntervalMs: this.updateIntervalMs,
        onError: (error, step) =>
          this.logger.error({ err: error, app_id: appId }, `Slack: could not ${step}`),
      });
      this.bridges.set(appId, bridge);
      if (this.started) bridge.start();
    }
    return bridge;
  }

  start(): void {
    this.started = true;
    for (const bridge of this.bridges.values()) bridge.start();
  }

  stop(): void {
    this.started = false;
    for (const bridge of this.bridges.values()) bridge.stop();
  }
}

/** The workspace of a conversation key (`<team>:<channel>[:<thread>]`). */
function teamOf(conversationKey: string): string {
  return conversationKey.slice(0, Math.max(0, conversationKey.indexOf(':')));
}

/**
 * Many workspaces: each message and button press goes to the bridge of the app its workspace was
 * given (the default app until one is chosen). A workspace not installed (any more) is not answered.
 */
function workspaceRouter(engine: Engine, bridges: AppBridges, defaultAppId: string): ChannelHandler {
  const bridgeOf = async (conversationKey: string) => {
    const installation = await engine.channelInstallations.get('slack', teamOf(conversationKey));
    return installation ? bridges.for(installation.app_id ?? defaultAppId) : null;
  };
  return {
    async receive(message) {
      const bridge = await bridgeOf(message.conversationKey);
      return bridge ? bridge.receive(message) : 'empty';
    },
    async linkOf(conversationKey) {
      return (await bridgeOf(conversationKey))?.linkOf(conversationKey);
    },
    async starterPrompts(conversationKey) {
      if (conversationKey === undefined) return [];
      return (await (await bridgeOf(conversationKey))?.starterPrompts()) ?? [];
    },
    async escalate(conversationKey, sessionId) {
      const bridge = await bridgeOf(conversationKey);
      return bridge ? bridge.escalate(conversationKey, sessionId) : { status: 'not_linked' };
    },
    async rate(conversationKey, sessionId, messageId, rating) {
      const bridge = await bridgeOf(conversationKey);
      return bridge ? bridge.rate(conversationKey, sessionId, messageId, rating) : { status: 'not_linked' };
    },
  };
}
