import { ChannelBridge, SupportDesk } from '@parley/engine';
import type { PlatformReceiver } from '@parley/receiver';
import type { PlatformOptions } from './index.js';

const endpoint = '/slack/events';

/** The Slack connector, when its secrets are set: HTTP events at `/slack/events`, or Socket Mode with an app token. */
export async function createSlackPlatform(options: PlatformOptions): Promise<PlatformReceiver | null> {
  const settings = options.config.slack;
  if (!settings.botToken || !(settings.signingSecret || settings.appToken)) {
    options.logger.info('Slack connector is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on');
    return null;
  }
  // Bolt is loaded only when Slack is on (a few hundred milliseconds of every start otherwise).
  const { createSlackApp, createSlackConnector, SlackSupportConnector, slackSupport } = await import(
    '@parley/connector-slack'
  );
  const logger = options.logger.child({ channel: 'slack' });
  const appId = settings.parleyAppId ?? options.defaultAppId;
  const connector = createSlackConnector({
    botToken: settings.botToken,
    apiUrl: settings.apiUrl,
    logger,
  });
  const bridge = new ChannelBridge({
    engine: options.engine,
    appId,
    connector,
    updateIntervalMs: settings.updateIntervalMs,
    onError: (error, step) => logger.error({ err: error }, `Slack: could not ${step}`),
  });
  // An app's support channel: its escalations open threads there, and the team answers from them.
  const desk = new SupportDesk({
    engine: options.engine,
    connector: new SlackSupportConnector(connector),
    channelOf: (app) => app.slack_support_channel,
    publicUrl: options.config.publicUrl ?? null,
    onError: (error, step) => logger.error({ err: error }, `Slack: could not ${step}`),
  });
  const app = createSlackApp({
    connector,
    bridge: options.activity ? options.activity.noting('slack', bridge) : bridge,
    signingSecret: settings.signingSecret,
    appToken: settings.appToken,
    endpoint,
    support: slackSupport(connector, desk),
  });
  return {
    endpoints: app.endpoints,
    async start() {
      await options.engine.apps.get(appId).catch(() => {
        logger.error(
          `Slack: PARLEY_SLACK_APP_ID names no app (${appId}); Slack messages will not be answered`,
        );
      });
      bridge.start();
      desk.start();
      try {
        await app.start();
      } catch (error) {
        logger.error({ err: error }, 'Slack connector could not connect over Socket Mode');
        return;
      }
      logger.info(
        app.mode === 'http'
          ? `Slack connector on (HTTP events at ${endpoint})`
          : 'Slack connector on (Socket Mode)',
      );
    },
    async stop() {
      bridge.stop();
      desk.stop();
      await app.stop();
    },
  };
}
