import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChannelContract } from './support/channel-contract.js';
import { type SlackDriver, slackAppToken, startSlackDriver } from './support/slack-driver.js';
import { messageEvent } from './support/slack-events.js';

// Development without a public URL: the same behaviour over Socket Mode.
runChannelContract('Slack (Socket Mode)', {
  start: () =>
    startSlackDriver({
      style: 'thread',
      transport: 'socket',
      environment: { PARLEY_OFFLINE_TOKEN_DELAY_MS: '15', PARLEY_PUBLIC_URL: 'https://parley.example.com' },
    }),
});

describe('Slack over Socket Mode', () => {
  let driver: SlackDriver;

  beforeAll(async () => {
    driver = await startSlackDriver({ style: 'dm', transport: 'socket' });
  });
  afterAll(async () => {
    await driver?.stop();
  });

  it('connects with the app token through apps.connections.open and mounts no HTTP endpoint', async () => {
    const opened = driver.api.callsTo('apps.connections.open');
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(opened[0]?.token).toBe(slackAppToken);
    const posted = await fetch(driver.endpoint, { method: 'POST', body: '{}' });
    expect(posted.status).toBe(404);
  });

  it('acknowledges an envelope before answering it', async () => {
    const event = messageEvent(
      {
        channel: 'D0SOCKET01',
        channelType: 'im',
        user: 'U1',
        text: 'Do you ship abroad?',
        ts: driver.nextTs(),
      },
      driver.api.teamId,
    );
    const { elapsedMs } = await driver.sendEvent(event);
    expect(elapsedMs).toBeLessThan(3_000);
    const answer = await driver.api.waitFor(() =>
      driver.api
        .messages('D0SOCKET01')
        .find((message) =>
          message.versions.at(-1)?.blocks.some((block) => block.block_id === 'parley_actions'),
        ),
    );
    expect(answer.user).toBe(driver.api.botUserId);
  });
});
