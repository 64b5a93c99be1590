/**
 * Two workspaces added the Slack app ("Add to Slack") and chose the same Parley app: which one
 * opens the escalation threads is the one the app's `slack_support_channel` names
 * (`T…/C…`); a channel alone is not guessed between them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import {
  type SlackApiServer,
  type SlackWorkspaceRecord,
  startSlackApiServer,
} from './support/slack-api-server.js';
import {
  addToSlack,
  slackClientId,
  slackClientSecret,
  slackSigningSecret,
  slackUsers,
} from './support/slack-driver.js';

const alpha: SlackWorkspaceRecord = {
  teamId: 'T0ALPHA',
  teamName: 'Alpha Corp',
  botToken: 'xoxb-alpha-0001-plaintexttokenofalpha',
  botUserId: 'U0ALPHABOT',
  botId: 'B0ALPHA',
};
const beta: SlackWorkspaceRecord = {
  teamId: 'T0BETA',
  teamName: 'Beta Ltd',
  botToken: 'xoxb-beta-0002-plaintexttokenofbeta',
  botUserId: 'U0BETABOT',
  botId: 'B0BETA',
};

describe('Slack support channel when several workspaces chose the same app', () => {
  let api: SlackApiServer;
  let parley: ParleyHarness;
  let appId: string;

  beforeAll(async () => {
    api = await startSlackApiServer({
      botToken: 'xoxb-not-used-in-oauth-mode',
      users: slackUsers,
      workspaces: [alpha, beta],
      oauth: { clientId: slackClientId, clientSecret: slackClientSecret },
    });
    parley = await startParleyHarness({
      model: 'offline',
      environment: {
        SLACK_CLIENT_ID: slackClientId,
        SLACK_CLIENT_SECRET: slackClientSecret,
        SLACK_SIGNING_SECRET: slackSigningSecret,
        PARLEY_SECRETS_KEY: randomBytes(32).toString('base64'),
        SLACK_API_URL: api.url,
      },
    });
    await addToSlack(parley, api, alpha.teamId);
    await addToSlack(parley, api, beta.teamId);
    const agents = (await (await parley.request('GET', '/v1/agents')).json()) as { data: { id: string }[] };
    const created = await parley.request('POST', '/v1/apps', {
      name: 'Shared help',
      agents: [agents.data[0]?.id],
    });
    appId = ((await created.json()) as { id: string }).id;
    for (const workspace of [alpha, beta]) {
      const chosen = await parley.request('PATCH', `/v1/channels/slack/workspaces/${workspace.teamId}`, {
        app_id: appId,
      });
      expect(chosen.status).toBe(200);
    }
  });
  afterAll(async () => {
    await parley?.stop();
    await api?.close();
  });

  const setSupportChannel = (value: string) =>
    parley.request('PATCH', `/v1/apps/${appId}`, { slack_support_channel: value });

  /** A visitor of the app asks for a person (as the widget does, here through the API). */
  const escalate = async (name: string) => {
    const opened = await parley.request('POST', `/v1/apps/${appId}/sessions`, {
      user_id: `user_${name}`,
      metadata: { userProfile: { name } },
    });
    const sessionId = ((await opened.json()) as { session_id: string }).session_id;
    const escalated = await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/escalate`);
    expect(escalated.status).toBe(200);
    return sessionId;
  };
  const openingsIn = (channel: string) =>
    api.messages(channel).filter((message) => message.thread_ts === null);
  const mentions = (name: string) => (message: { versions: { text: string; blocks: unknown[] }[] }) =>
    JSON.stringify(message.versions.at(-1)).includes(name);

  it('opens the thread in the workspace the setting names, with its token, whichever chose the app last', async () => {
    expect((await setSupportChannel('T0BETA/C0DESK')).status).toBe(200);
    await escalate('Bea Visitor');
    const inBeta = await api.waitFor(() => openingsIn('C0DESK').find(mentions('Bea Visitor')));
    expect(inBeta.team_id).toBe(beta.teamId);

    // The other workspace, named the same way: its thread, its token.
    const patched = await setSupportChannel('T0ALPHA/C0DESK');
    expect(((await patched.json()) as { slack_support_channel: string }).slack_support_channel).toBe(
      'T0ALPHA/C0DESK',
    );
    await escalate('Al Visitor');
    const inAlpha = await api.waitFor(() => openingsIn('C0DESK').find(mentions('Al Visitor')));
    expect(inAlpha.team_id).toBe(alpha.teamId);
    const tokens = api
      .callsTo('chat.postMessage')
      .filter((call) => call.body.channel === 'C0DESK')
      .map((call) => call.token);
    expect(tokens).toEqual([beta.botToken, alpha.botToken]);
  });

  it('does not guess between the workspaces when only a channel is given, nor post in one that has not added the app', async () => {
    expect((await setSupportChannel('C0GUESS')).status).toBe(200);
    await escalate('Cy Visitor');
    expect((await setSupportChannel('T0GAMMA/C0GUESS')).status).toBe(200);
    await escalate('Di Visitor');
    // Then named: the thread opens; the two before it opened none, in either workspace.
    expect((await setSupportChannel('T0BETA/C0GUESS')).status).toBe(200);
    await escalate('Ed Visitor');
    const named = await api.waitFor(() => openingsIn('C0GUESS').find(mentions('Ed Visitor')));
    expect(named.team_id).toBe(beta.teamId);
    expect(openingsIn('C0GUESS')).toHaveLength(1);
  });

  it('refuses a setting that is neither a channel id nor a workspace id and a channel id, saying what it takes', async () => {
    for (const value of [
      'T0BETA/',
      'T0BETA/C0DESK/C0MORE',
      'beta/C0DESK',
      'C0DESK/T0BETA',
      'T0BETA C0DESK',
    ]) {
      const refused = await setSupportChannel(value);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toContain('T0123ABCD/C0123ABCDEF');
    }
    const app = (await (await parley.request('GET', `/v1/apps/${appId}`)).json()) as {
      slack_support_channel: string;
    };
    expect(app.slack_support_channel).toBe('T0BETA/C0GUESS');
  });
});
