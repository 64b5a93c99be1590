import type { Engine } from '@parley/engine';
import type { PlatformReceiver } from '@parley/receiver';
import type { ServerConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { PlatformActivity } from './activity.js';
import { createSlackPlatform } from './slack.js';
import { createTeamsPlatform } from './teams.js';

export interface PlatformOptions {
  engine: Engine;
  logger: Logger;
  config: ServerConfig;
  /** The app a connector serves when its setting names none (the demo app). */
  defaultAppId: string;
  /** Notes when each platform last received something (the console's Channels page shows it). */
  activity?: PlatformActivity;
}

/**
 * The chat platforms (Slack, Teams) whose secrets are set, each as a `PlatformReceiver`:
 * its connector's endpoints, started and stopped with the engine's bridge. Each one that
 * is off says so.
 */
export async function createPlatforms(options: PlatformOptions): Promise<PlatformReceiver[]> {
  const platforms = [await createSlackPlatform(options), await createTeamsPlatform(options)];
  return platforms.filter((platform): platform is PlatformReceiver => platform !== null);
}
