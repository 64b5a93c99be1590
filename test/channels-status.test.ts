/** GET /v1/channels with Slack on (a fake Slack Web API): on, over HTTP, its app, and the last event received. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackDriver, startSlackDriver } from './support/slack-driver.js';

describe('the Channels status with Slack on', () => {
  let driver: SlackDriver;

  beforeAll(async () => {
    driver = await startSlackDriver({ style: 'thread', model: 'offline' });
  });
  afterAll(async () => {
    await driver?.stop();
  });

  const slackStatus = async () => {
    const answer = await driver.parley.request('GET', '/v1/channels');
    const { data } = (await answer.json()) as { data: Record<string, unknown>[] };
    return data.find((channel) => channel.platform === 'slack');
  };

  it('says Slack is on, which app answers, and when the last message came in', async () => {
    const before = await slackStatus();
    expect(before).toMatchObject({
      enabled: true,
      mode: 'http',
      endpoint: '/slack/events',
      app_id: driver.appId,
      last_event_at: null,
    });
    expect(before?.app_name).toEqual(expect.any(String));
    const sentAt = Date.now();
    await driver.sendUserMessage({ conversation: 'status', user: 'U1', text: 'What is your return policy?' });
    await driver.waitForPosts('status', 1);
    const after = await slackStatus();
    expect(Date.parse(String(after?.last_event_at))).toBeGreaterThanOrEqual(Math.floor(sentAt / 1000) * 1000);
  });
});
