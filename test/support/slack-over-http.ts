import { type SlackDriver, startSlackDriver } from './slack-driver.js';
import { messageEvent } from './slack-events.js';

/** What the Slack-over-HTTP tests share: one driver per test file, fresh direct-message channels, and the bot's messages in them. */

export let driver: SlackDriver;
export let dm = 0;
export const nextDm = () => `D0EDGE${String(++dm).padStart(4, '0')}`;

/** Starts the Slack driver (Parley and a local Slack Web API) for direct messages (a `beforeAll`). */
export async function startSlackOverHttp(): Promise<void> {
  driver = await startSlackDriver({ style: 'dm' });
}

/** Stops it (an `afterAll`). */
export async function stopSlackOverHttp(): Promise<void> {
  await driver?.stop();
}

export const store = () => driver.parley.running.store;
export const botMessages = (channel: string) =>
  driver.api.messages(channel).filter((message) => message.user === driver.api.botUserId);
export const finalOf = (channel: string, count = 1) =>
  driver.api.waitFor(() => {
    const done = botMessages(channel).filter(
      (message) => !message.versions.at(-1)?.blocks.some((block) => block.block_id === 'parley_progress'),
    );
    return done.length >= count ? done : null;
  });
export const directMessage = (
  channel: string,
  text: string,
  user = 'U1',
  extra: Record<string, unknown> = {},
) => messageEvent({ channel, channelType: 'im', user, text, ts: driver.nextTs(), extra }, driver.api.teamId);

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
