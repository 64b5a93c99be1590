import type { Engine } from '@parley/engine';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { ChannelMount } from './channel-mount.js';
import { createSlackChannel } from './slack.js';
import { createTeamsChannel } from './teams.js';

export type { ChannelEndpoint, ChannelMount } from './channel-mount.js';

export interface ChannelFactoryOptions {
  engine: Engine;
  logger: Logger;
  config: ServerConfig;
  /** The app a connector serves when its setting names none (the demo app). */
  defaultAppId: string;
}

/** The connectors whose secrets are set; each one that is off says so. */
export async function createChannels(options: ChannelFactoryOptions): Promise<ChannelMount[]> {
  const mounts = [await createSlackChannel(options), await createTeamsChannel(options)];
  return mounts.filter((mount): mount is ChannelMount => mount !== null);
}
