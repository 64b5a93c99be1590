import type { ChannelMount } from './channel-mount.js';
import type { ChannelFactoryOptions } from './index.js';

/** The Slack connector, when its secrets are set. */
export async function createSlackChannel(options: ChannelFactoryOptions): Promise<ChannelMount | null> {
  options.logger.info('Slack connector is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to turn it on');
  return null;
}
