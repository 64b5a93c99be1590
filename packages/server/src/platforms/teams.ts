import { ChannelBridge } from '@parley/engine';
import type { PlatformReceiver } from '@parley/receiver';
import type { PlatformOptions } from './index.js';

/** The least time between two typing indicators while a long answer is written (group chats, channels). */
const typingIntervalMs = 3_000;
/**
 * The least time between two streaming updates in a personal chat: Teams throttles a stream at
 * about one request a second, and Microsoft's own SDKs (the Agents SDK's `StreamingResponse`) wait 1.5 s.
 */
const streamIntervalMs = 1_500;

/**
 * The Teams connector, when it is configured: authenticated with `MICROSOFT_APP_ID`
 * (and its password), or unauthenticated with `PARLEY_TEAMS_ENABLED=1` for local use
 * with the Bot Framework Emulator. The Bot Framework SDK is loaded only when it is on.
 */
export async function createTeamsPlatform(options: PlatformOptions): Promise<PlatformReceiver | null> {
  const settings = options.config.teams;
  const { logger } = options;
  if (!settings.enabled) {
    logger.info('Teams connector is off: set MICROSOFT_APP_ID (or PARLEY_TEAMS_ENABLED=1 locally)');
    return null;
  }
  const { TeamsConnector, createTeamsReceiver, teamsMessagesPath } = await import('@parley/connector-teams');
  const onError = (error: unknown, step: string) =>
    logger.warn({ err: error, step }, 'Teams connector step failed');
  const connector = new TeamsConnector({
    appId: settings.appId,
    appPassword: settings.appPassword,
    tenantId: settings.tenantId,
    openIdMetadataUrl: settings.openIdMetadataUrl,
    typingIntervalMs,
    streamIntervalMs,
    onError,
    log: (level, message, details) => logger[level]({ path: teamsMessagesPath, ...details }, message),
  });
  const appId = settings.parleyAppId ?? options.defaultAppId;
  const bridge = new ChannelBridge({
    engine: options.engine,
    appId,
    connector,
    updateIntervalMs: streamIntervalMs,
    onError,
  });
  const receiver = createTeamsReceiver({
    connector,
    bridge: options.activity ? options.activity.noting('teams', bridge) : bridge,
  });

  logger.info({ app_id: appId }, `Teams connector on (Bot Framework messages at ${teamsMessagesPath})`);
  if (!connector.authenticated)
    logger.warn(
      'Teams connector runs WITHOUT authentication (PARLEY_TEAMS_ENABLED=1, no MICROSOFT_APP_ID): anyone who can reach /api/messages can talk to the agent (only activities with a loopback serviceUrl are taken); use it only locally with the Bot Framework Emulator',
    );
  return {
    endpoints: receiver.endpoints,
    async start() {
      bridge.start();
      await receiver.start();
    },
    async stop() {
      bridge.stop();
      await receiver.stop();
    },
  };
}
