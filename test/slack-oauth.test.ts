import { randomBytes } from 'node:crypto';
import { readConfig } from '@parley/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { expectAccessibleInBothThemes, signedInPage } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import {
  type SlackApiServer,
  type SlackWorkspaceRecord,
  startSlackApiServer,
} from './support/slack-api-server.js';
import {
  demoKnowledgeReady,
  slackClientId,
  slackClientSecret,
  slackSigningSecret,
  slackUsers,
} from './support/slack-driver.js';
import { eventCallback, messageEvent, postToSlackEndpoint } from './support/slack-events.js';

const clientId = slackClientId;
const owner = { email: 'owner@example.com', password: 'a long owner password 42' };
const clientSecret = slackClientSecret;
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

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Workspace {
  team_id: string;
  team_name: string | null;
  app_id: string | null;
  answering_app_id: string;
  answering_app_name: string | null;
}

/** "Add to Slack" in many workspaces: the OAuth install, a token per workspace, an app per workspace, uninstalls. */
describe('Slack in many workspaces (OAuth)', () => {
  let api: SlackApiServer;
  let parley: ParleyHarness;
  let browser: Browser | undefined;
  let channelCount = 0;
  let tsCount = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000) - 600}.${String(++tsCount).padStart(6, '0')}`;

  beforeAll(async () => {
    api = await startSlackApiServer({
      botToken: 'xoxb-not-used-in-oauth-mode',
      users: slackUsers,
      workspaces: [alpha, beta],
      oauth: { clientId, clientSecret },
    });
    parley = await startParleyHarness({
      model: 'offline',
      environment: {
        SLACK_CLIENT_ID: clientId,
        SLACK_CLIENT_SECRET: clientSecret,
        SLACK_SIGNING_SECRET: slackSigningSecret,
        PARLEY_SECRETS_KEY: randomBytes(32).toString('base64'),
        SLACK_API_URL: api.url,
        PARLEY_SLACK_UPDATE_INTERVAL_MS: '50',
        PARLEY_OFFLINE_TOKEN_DELAY_MS: '1',
        PARLEY_ADMIN_EMAIL: owner.email,
        PARLEY_ADMIN_PASSWORD: owner.password,
      },
    });
    api.setRedirectUrl(`${parley.url}/slack/oauth_redirect`);
    await demoKnowledgeReady(parley);
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await api?.close();
  });

  const workspaces = async () => {
    const response = await parley.request('GET', '/v1/channels/slack/workspaces');
    expect(response.status).toBe(200);
    return (await response.json()) as { data: Workspace[]; install_url: string | null };
  };

  /** "Add to Slack" as a browser does it: our install path, Slack's authorize page, back to our redirect. */
  const install = async (workspace: SlackWorkspaceRecord) => {
    api.approveAs(workspace.teamId);
    const started = await fetch(`${parley.url}/slack/install`, { redirect: 'manual' });
    expect(started.status).toBe(302);
    const cookie = started.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    const authorize = new URL(started.headers.get('location') ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(api.authorizeUrl);
    expect(authorize.searchParams.get('scope')).toContain('chat:write');
    const atSlack = await fetch(authorize, { redirect: 'manual' });
    expect(atSlack.status).toBe(302);
    const back = new URL(atSlack.headers.get('location') ?? '');
    expect(back.pathname).toBe('/slack/oauth_redirect');
    return { back, cookie };
  };

  const finish = async (back: URL, cookie: string) => {
    const done = await fetch(back, { headers: { cookie }, redirect: 'manual' });
    return { status: done.status, body: await done.text() };
  };

  const send = async (workspace: SlackWorkspaceRecord, event: Record<string, unknown>) => {
    const body = JSON.stringify(
      eventCallback(event, { teamId: workspace.teamId, botUserId: workspace.botUserId }),
    );
    const result = await postToSlackEndpoint(
      `${parley.url}/slack/events`,
      slackSigningSecret,
      body,
      'application/json',
    );
    expect(result.status).toBe(200);
  };

  const ask = async (workspace: SlackWorkspaceRecord, text: string) => {
    const channel = `D0OAUTH${String(++channelCount).padStart(3, '0')}`;
    await send(
      workspace,
      messageEvent({ channel, channelType: 'im', user: 'U1', text, ts: nextTs() }, workspace.teamId),
    );
    return channel;
  };

  const answered = (channel: string) =>
    api.waitFor(() => {
      const done = api
        .messages(channel)
        .filter(
          (message) => !message.versions.at(-1)?.blocks.some((block) => block.block_id === 'parley_progress'),
        );
      return done.length > 0 ? done : null;
    }, 20_000);

  const sessionsOf = async (appId: string) =>
    (
      (await (await parley.request('GET', `/v1/apps/${appId}/sessions?limit=100`)).json()) as {
        data: unknown[];
      }
    ).data.length;

  it('refuses a missing, forged or other browser’s state, and installs nothing', async () => {
    const { back, cookie } = await install(alpha);
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state');
    expect((await finish(forged, cookie)).status).toBe(400);
    const missing = new URL(back);
    missing.searchParams.delete('state');
    expect((await finish(missing, cookie)).status).toBe(400);
    // The right state, but not from the browser that started the install (no cookie).
    expect((await finish(back, '')).status).toBe(400);
    expect((await workspaces()).data).toEqual([]);
    expect(api.callsTo('oauth.v2.access')).toHaveLength(0);
  });

  it('installs two workspaces through Add to Slack, their tokens encrypted in the store', async () => {
    for (const workspace of [alpha, beta]) {
      const { back, cookie } = await install(workspace);
      const done = await finish(back, cookie);
      expect(done.status).toBe(200);
      expect(done.body).toContain('Thank you');
    }
    const listed = await workspaces();
    expect(listed.install_url).toBe('/slack/install');
    expect(listed.data.map((workspace) => [workspace.team_id, workspace.team_name]).sort()).toEqual([
      ['T0ALPHA', 'Alpha Corp'],
      ['T0BETA', 'Beta Ltd'],
    ]);
    const channels = (await (await parley.request('GET', '/v1/channels')).json()) as {
      data: {
        platform: string;
        enabled: boolean;
        mode: string;
        settings: { variable: string; set: boolean }[];
      }[];
    };
    const slack = channels.data.find((channel) => channel.platform === 'slack');
    expect(slack).toMatchObject({ enabled: true, mode: 'http' });
    expect(slack?.settings.filter((setting) => setting.set).map((setting) => setting.variable)).toEqual([
      'SLACK_SIGNING_SECRET',
      'SLACK_CLIENT_ID',
      'SLACK_CLIENT_SECRET',
      'PARLEY_SECRETS_KEY',
    ]);
    const stored = await parley.storedText();
    expect(stored).toContain('T0ALPHA');
    expect(stored).not.toContain(alpha.botToken);
    expect(stored).not.toContain(beta.botToken);
    expect(stored).not.toContain('plaintexttokenof');
  });

  it('answers each workspace with its own token, from the app chosen for it', async () => {
    const agent = (await (
      await parley.request('POST', '/v1/agents', {
        name: 'Beta helper',
        system_prompt: 'You help the staff of Beta Ltd.',
      })
    ).json()) as { id: string };
    const betaApp = (await (
      await parley.request('POST', '/v1/apps', { name: 'Beta desk', agents: [agent.id] })
    ).json()) as { id: string };
    const chosen = await parley.request('PATCH', '/v1/channels/slack/workspaces/T0BETA', {
      app_id: betaApp.id,
    });
    expect(chosen.status, await chosen.clone().text()).toBe(200);
    expect(await chosen.json()).toMatchObject({
      team_id: 'T0BETA',
      app_id: betaApp.id,
      answering_app_name: 'Beta desk',
    });
    const listed = (await workspaces()).data;
    const demoAppId = listed.find((workspace) => workspace.team_id === 'T0ALPHA')?.answering_app_id ?? '';
    expect(demoAppId).not.toBe('');
    expect(listed.find((workspace) => workspace.team_id === 'T0ALPHA')?.app_id).toBeNull();

    const demoBefore = await sessionsOf(demoAppId);
    const betaBefore = await sessionsOf(betaApp.id);
    const inAlpha = await ask(alpha, 'How long do I have to return a laptop?');
    const inBeta = await ask(beta, 'How long do I have to return a laptop?');
    const [alphaAnswer] = await answered(inAlpha);
    const [betaAnswer] = await answered(inBeta);
    expect(alphaAnswer?.team_id).toBe('T0ALPHA');
    expect(betaAnswer?.team_id).toBe('T0BETA');
    const tokensIn = (channel: string) =>
      new Set(
        api.calls
          .filter((call) => call.method.startsWith('chat.') && call.body.channel === channel)
          .map((call) => call.token),
      );
    expect(tokensIn(inAlpha)).toEqual(new Set([alpha.botToken]));
    expect(tokensIn(inBeta)).toEqual(new Set([beta.botToken]));
    expect(await sessionsOf(demoAppId)).toBe(demoBefore + 1);
    expect(await sessionsOf(betaApp.id)).toBe(betaBefore + 1);

    const unknownApp = await parley.request('PATCH', '/v1/channels/slack/workspaces/T0BETA', {
      app_id: 'app_nope',
    });
    expect(unknownApp.status).toBe(404);
    const unknownTeam = await parley.request('PATCH', '/v1/channels/slack/workspaces/T0NOPE', {
      app_id: null,
    });
    expect(unknownTeam.status).toBe(404);
  });

  it('lists the workspaces on the console’s Channels page, where the app answering each is chosen', async () => {
    browser = await launchChromium();
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await page.goto(`${parley.url}/console/deploy/channels`);
      const rows = page.locator('console-slack-workspaces tbody tr');
      await expect.poll(() => rows.count()).toBe(2);
      await expect
        .poll(() => page.getByRole('link', { name: 'Add to Slack' }).getAttribute('href'))
        .toBe('/slack/install');
      const alphaPicker = page.getByLabel('App that answers in Alpha Corp');
      expect(await alphaPicker.inputValue()).toBe('');
      expect(
        await page.getByLabel('App that answers in Beta Ltd').locator('option:checked').textContent(),
      ).toBe('Beta desk');
      await alphaPicker.selectOption({ label: 'Beta desk' });
      await expect
        .poll(() =>
          page.getByRole('status').filter({ hasText: 'Beta desk now answers in Alpha Corp.' }).count(),
        )
        .toBe(1);
      const alphaNow = (await workspaces()).data.find((workspace) => workspace.team_id === 'T0ALPHA');
      expect(alphaNow?.answering_app_name).toBe('Beta desk');
      await expectAccessibleInBothThemes(page, 'console-channels-page', 'Channels with Slack workspaces');
      // Back to the default app, from the same picker.
      await alphaPicker.selectOption({ label: 'Default app' });
      await expect
        .poll(
          async () => (await workspaces()).data.find((workspace) => workspace.team_id === 'T0ALPHA')?.app_id,
        )
        .toBeNull();
    } finally {
      await context.close();
    }
  });

  it('stops answering a workspace that uninstalled the app, and only there', async () => {
    await send(alpha, { type: 'app_uninstalled', event_ts: nextTs() });
    await eventually(
      async () => (await workspaces()).data.map((workspace) => workspace.team_id).join() === 'T0BETA',
    );

    const channel = `D0OAUTH${String(++channelCount).padStart(3, '0')}`;
    const body = JSON.stringify(
      eventCallback(
        messageEvent(
          { channel, channelType: 'im', user: 'U1', text: 'Still there?', ts: nextTs() },
          alpha.teamId,
        ),
        {
          teamId: alpha.teamId,
          botUserId: alpha.botUserId,
        },
      ),
    );
    await postToSlackEndpoint(`${parley.url}/slack/events`, slackSigningSecret, body, 'application/json');
    // After a restart (the tokens read back from the store with the same key), Beta, asked after,
    // is answered; Alpha is not, and nothing was sent with Alpha's token since.
    await parley.restart();
    const callsBefore = api.calls.length;
    const inBeta = await ask(beta, 'How long do I have to return a laptop?');
    await answered(inBeta);
    expect(api.messages(channel)).toEqual([]);
    expect(api.calls.slice(callsBefore).some((call) => call.token === alpha.botToken)).toBe(false);

    // Beta revokes the bot's tokens: forgotten too.
    await send(beta, { type: 'tokens_revoked', tokens: { bot: [beta.botUserId] }, event_ts: nextTs() });
    await eventually(async () => (await workspaces()).data.length === 0);
  });
});

describe('Slack OAuth settings', () => {
  it('refuses to start OAuth installs without a key to encrypt the tokens', () => {
    expect(() =>
      readConfig({
        SLACK_CLIENT_ID: clientId,
        SLACK_CLIENT_SECRET: clientSecret,
        SLACK_SIGNING_SECRET: slackSigningSecret,
      }),
    ).toThrow(/PARLEY_SECRETS_KEY/);
    expect(() =>
      readConfig({
        SLACK_CLIENT_ID: clientId,
        SLACK_CLIENT_SECRET: clientSecret,
        SLACK_SIGNING_SECRET: slackSigningSecret,
        PARLEY_SECRETS_KEY: 'too-short',
      }),
    ).toThrow(/32 bytes/);
    expect(() =>
      readConfig({
        SLACK_CLIENT_ID: clientId,
        SLACK_CLIENT_SECRET: clientSecret,
        PARLEY_SECRETS_KEY: randomBytes(32).toString('base64'),
      }),
    ).toThrow(/SLACK_SIGNING_SECRET/);
  });
});
