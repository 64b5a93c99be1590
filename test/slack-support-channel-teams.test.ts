/**
 * Issue 14, answering from Slack, for a Teams user (a local Bot Framework connector service and a
 * local Slack Web API, signed Slack requests): the Teams user's escalation opens a thread in the
 * Slack support channel, and what a person writes there is posted in the Teams chat under their name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsDriver, type TeamsDriver } from './support/bot-framework-driver.js';
import {
  type SlackApiServer,
  type SlackStoredMessage,
  startSlackApiServer,
} from './support/slack-api-server.js';
import { slackBotToken, slackSigningSecret, slackUsers } from './support/slack-driver.js';
import { eventCallback, messageEvent, postToSlackEndpoint } from './support/slack-events.js';

const supportChannel = 'C0HELPDESK2';

describe('Slack support channel for a Teams conversation', () => {
  let slackApi: SlackApiServer;
  let teams: TeamsDriver;
  beforeAll(async () => {
    slackApi = await startSlackApiServer({ botToken: slackBotToken, users: slackUsers });
    teams = await startTeamsDriver({
      environment: {
        SLACK_BOT_TOKEN: slackBotToken,
        SLACK_SIGNING_SECRET: slackSigningSecret,
        SLACK_API_URL: slackApi.url,
      },
    });
    const patched = await teams.parley.request('PATCH', `/v1/apps/${teams.appId}`, {
      slack_support_channel: supportChannel,
    });
    expect(patched.status).toBe(200);
  });
  afterAll(async () => {
    await teams?.stop();
    await slackApi?.close();
  });

  it("opens a thread for the Teams user's escalation; the thread's reply reaches the Teams chat", async () => {
    await teams.sendUserMessage({ conversation: 'help', user: 'aad-1', text: 'Hello there' });
    const [answer] = await teams.waitForPosts('help', 1);
    const escalate = answer?.buttons.find((button) => button.kind === 'escalate');
    if (!escalate) throw new Error('no escalate button');
    await teams.press('help', 'aad-1', escalate);
    const sessionId = await teams.sessionOf('help');
    const opening = await slackApi.waitFor(() =>
      slackApi
        .messages(supportChannel)
        .find(
          (message: SlackStoredMessage) =>
            message.thread_ts === null && JSON.stringify(message.versions.at(-1)?.blocks).includes(sessionId),
        ),
    );
    expect(JSON.stringify(opening.versions.at(-1)?.blocks)).toContain('Microsoft Teams');

    const ts = `${Math.floor(Date.now() / 1000)}.000123`;
    const event = messageEvent(
      {
        channel: supportChannel,
        channelType: 'channel',
        user: 'U1',
        text: 'Ada here, I can help with that.',
        ts,
        threadTs: opening.ts,
      },
      slackApi.teamId,
    );
    const body = JSON.stringify(
      eventCallback(event, { teamId: slackApi.teamId, botUserId: slackApi.botUserId }),
    );
    const sent = await postToSlackEndpoint(
      `${teams.parley.url}/slack/events`,
      slackSigningSecret,
      body,
      'application/json',
    );
    expect(sent.status).toBe(200);
    const posts = await teams.service.waitFor(() => {
      const all = teams.posts('help');
      return all.some((post) => post.text.includes('I can help with that')) ? all : null;
    });
    expect(posts.find((post) => post.text.includes('I can help with that'))?.text).toContain('Ada');
  });
});
