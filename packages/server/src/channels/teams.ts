import type { ChannelMount } from './channel-mount.js';
import type { ChannelFactoryOptions } from './index.js';

/** The Teams connector, when it is configured. */
export async function createTeamsChannel(options: ChannelFactoryOptions): Promise<ChannelMount | null> {
  options.logger.info('Teams connector is off: set MICROSOFT_APP_ID (or PARLEY_TEAMS_ENABLED=1 locally)');
  return null;
}
