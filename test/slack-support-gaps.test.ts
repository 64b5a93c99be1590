/**
 * Issue 14, the support channel's two remaining cases (a local Slack Web API, signed Slack
 * requests, real Socket.IO visitors): a share-page visitor's escalation opens a thread in the
 * agent's support channel and the team answers from it; with many workspaces (Add to Slack), an
 * app's thread opens in the workspace that chose the app, with that workspace's token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { expectNoAxeViolations, signedInPage } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import {
  type SlackApiServer,
  type SlackWorkspaceRecord,
  startSlackApiServer,
} from './support/slack-api-server.js';
import {
  addToSlack,
  type SlackDriver,
  slackClientId,
  slackClientSecret,
  slackSigningSecret,
  slackUsers,
  startSlackDriver,
} from './support/slack-driver.js';
import { eventCallback, messageEvent, postToSlackEndpoint } from './support/slack-events.js';
import { pressHandBack, slackMessageText } from './support/slack-support-thread.js';
import { connectSocket } from './support/socket-client.js';
import { answerQuestions } from './support/widget-page.js';

const publicUrl = 'https://parley.example.org';
const owner = { email: 'owner@example.com', password: 'a long owner password 42' };

interface HumanMessage {
  message: { role: string; content: string; author: string | null };
}

describe('Slack support channel: a share-page conversation', () => {
  const supportChannel = 'C0SHAREDESK';
  let slack: SlackDriver;
  let browser: Browser | undefined;
  const sockets: Socket[] = [];
  /** The agent and the console link of the thread, for the console's test. */
  let agentId = '';
  let consoleLink = '';

  beforeAll(async () => {
    slack = await startSlackDriver({
      model: 'openai',
      environment: {
        PARLEY_PUBLIC_URL: publicUrl,
        PARLEY_ADMIN_EMAIL: owner.email,
        PARLEY_ADMIN_PASSWORD: owner.password,
      },
    });
    answerQuestions(slack.parley, {
      'Can I return my boots?': { content: 'Returns are free for thirty days.' },
      'And my hat?': { content: 'Hats too, within thirty days.' },
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await browser?.close();
    await slack?.stop();
  });

  it('the escalation opens a thread with its context; the thread answers the share page live; Hand back resolves', async () => {
    const created = await slack.parley.request('POST', '/v1/agents', {
      name: 'Returns desk',
      system_prompt: 'Help with returns.',
      slack_support_channel: supportChannel,
    });
    expect(created.status).toBe(201);
    const agent = (await created.json()) as { id: string; slack_support_channel: string | null };
    expect(agent.slack_support_channel).toBe(supportChannel);
    const share = (await (
      await slack.parley.request('POST', `/v1/agents/${agent.id}/share`, { allow_conversations: true })
    ).json()) as { token: string };

    // The share page's socket: it chats, then asks for a person.
    const socket = await connectSocket(slack.parley.url, share.token);
    sockets.push(socket);
    const heard: HumanMessage[] = [];
    socket.on('human_message', (event: HumanMessage) => heard.push(event));
    const ask = async (message: string, conversationId?: string) => {
      const requestId = randomUUID();
      const tokens: string[] = [];
      const done = new Promise<{ conversation_id: string }>((resolve) => {
        socket.on('token', (event: { request_id: string; content: string }) => {
          if (event.request_id === requestId) tokens.push(event.content);
        });
        socket.on('done', (event: { request_id: string; conversation_id: string }) => {
          if (event.request_id === requestId) resolve(event);
        });
      });
      const ack = await socket.emitWithAck('chat', {
        agent_id: agent.id,
        message,
        request_id: requestId,
        ...(conversationId ? { conversation_id: conversationId } : {}),
      });
      expect(ack).toEqual({ ok: true });
      return { answer: tokens.join(''), conversationId: (await done).conversation_id };
    };
    const first = await ask('Can I return my boots?');
    expect(first.answer).toBe('Returns are free for thirty days.');
    const conversationId = first.conversationId;
    expect(
      await socket.emitWithAck('escalate', { agent_id: agent.id, conversation_id: conversationId }),
    ).toMatchObject({ ok: true });

    // The thread's opening: where from, the last messages, the console link, Hand back.
    const opening = await slack.api.waitFor(() =>
      slack.api.messages(supportChannel).find((message) => message.thread_ts === null),
    );
    const shown = slackMessageText(opening);
    expect(shown).toContain('Returns desk');
    expect(shown).toContain('a shared chat page');
    expect(shown).toContain('Can I return my boots?');
    expect(shown).toContain('Returns are free for thirty days.');
    expect(shown).toContain(`${publicUrl}/console/inbox?agent=${agent.id}&conversation=${conversationId}`);
    expect(shown).toContain('Hand back');
    agentId = agent.id;
    consoleLink = `${publicUrl}/console/inbox?agent=${agent.id}&conversation=${conversationId}`;

    // Elsewhere in the channel reaches no one; in the thread, the visitor sees it live under the name.
    const write = (text: string, threadTs?: string) =>
      slack.sendEvent(
        messageEvent(
          {
            channel: supportChannel,
            channelType: 'channel',
            user: 'U1',
            text,
            ts: slack.nextTs(),
            ...(threadTs ? { threadTs } : {}),
          },
          slack.api.teamId,
        ),
      );
    await write('Coffee break at three (not for a visitor)');
    const reply = 'Ada here: send the boots back with the label in the box.';
    expect((await write(reply, opening.ts)).status).toBe(200);
    const live = await slack.api.waitFor(() => heard.find((event) => event.message.content === reply));
    expect(live.message).toMatchObject({ role: 'human_agent', author: 'Ada' });
    expect(heard.map((event) => event.message.content)).toEqual([reply]);
    const held = (await (
      await slack.parley.request('GET', `/v1/agents/${agent.id}/conversations/${conversationId}/inbox`)
    ).json()) as { session: { assigned_to: { name: string } | null } };
    expect(held.session.assigned_to).toMatchObject({ name: 'Ada' });

    // The thread's reply is not echoed back into the thread.
    await slack.api.waitFor(() => heard.length === 1);
    expect(
      slack.api
        .messages(supportChannel, { thread: opening.ts })
        .filter((message) => slackMessageText(message).includes('label in the box')),
    ).toHaveLength(0);

    // Hand back: the share page hears it, the thread says so, and the bot answers again.
    const resolved = new Promise((resolve) => socket.once('resolved', resolve));
    expect(
      await pressHandBack({
        endpoint: slack.endpoint,
        opening,
        teamId: slack.api.teamId,
        channel: supportChannel,
        user: 'U1',
      }),
    ).toBe(200);
    await resolved;
    await slack.api.waitFor(() =>
      slack.api
        .messages(supportChannel, { thread: opening.ts })
        .find((message) => slackMessageText(message).includes('Handed back')),
    );
    expect((await ask('And my hat?', conversationId)).answer).toBe('Hats too, within thirty days.');
  });

  it("the Agents page sets the support channel; the thread's console link opens the conversation", {
    timeout: 60_000,
  }, async () => {
    expect(consoleLink).not.toBe('');
    browser = await launchChromium();
    const { context, page } = await signedInPage(browser, slack.parley.url, owner);
    context.setDefaultTimeout(10_000);
    try {
      await page.goto(`${slack.parley.url}/console/agents/${agentId}`);
      await page.getByRole('heading', { level: 1, name: 'Agent: Returns desk' }).waitFor();
      const field = page.getByLabel('Slack support channel (optional)');
      await expect(field.inputValue()).resolves.toBe(supportChannel);
      await expectNoAxeViolations(page, 'console-agents-page', 'agent with a support channel');
      await field.fill('C0OTHERDESK');
      await page.getByRole('button', { name: 'Save' }).first().click();
      await expect
        .poll(async () => {
          const stored = await slack.parley.request('GET', `/v1/agents/${agentId}`);
          return ((await stored.json()) as { slack_support_channel: string | null }).slack_support_channel;
        })
        .toBe('C0OTHERDESK');

      // The link in the thread, on this server: the inbox opens with that conversation.
      const link = new URL(consoleLink);
      await page.goto(`${slack.parley.url}${link.pathname}${link.search}`);
      await page
        .locator('console-inbox-page')
        .getByText('Ada here: send the boots back with the label in the box.')
        .first()
        .waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('Slack support channel with many workspaces (Add to Slack)', () => {
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
  const supportChannel = 'C0BETADESK';
  let api: SlackApiServer;
  let parley: ParleyHarness;
  const sockets: Socket[] = [];
  let tsCount = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000) - 600}.${String(++tsCount).padStart(6, '0')}`;

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
        PARLEY_PUBLIC_URL: publicUrl,
      },
    });
    await addToSlack(parley, api, alpha.teamId);
    await addToSlack(parley, api, beta.teamId);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await parley?.stop();
    await api?.close();
  });

  it("the app chosen in workspace B gets its thread with B's token; B's reply reaches the visitor", async () => {
    const agents = (await (await parley.request('GET', '/v1/agents')).json()) as { data: { id: string }[] };
    const created = await parley.request('POST', '/v1/apps', {
      name: 'Beta help',
      agents: [agents.data[0]?.id],
      slack_support_channel: supportChannel,
    });
    expect(created.status).toBe(201);
    const app = (await created.json()) as { id: string };
    const chosen = await parley.request('PATCH', `/v1/channels/slack/workspaces/${beta.teamId}`, {
      app_id: app.id,
    });
    expect(chosen.status).toBe(200);
    const key = (await (
      await parley.request('POST', '/v1/keys', {
        name: 'site',
        kind: 'publishable',
        app_id: app.id,
        allowed_origins: ['*'],
      })
    ).json()) as { key: string };

    // A widget visitor of the app asks for a person.
    const opened = await parley.request(
      'POST',
      `/v1/apps/${app.id}/sessions`,
      { user_id: 'user_bea', metadata: { userProfile: { name: 'Bea Visitor' } } },
      { authorization: `Bearer ${key.key}` },
    );
    const sessionId = ((await opened.json()) as { session_id: string }).session_id;
    const socket = await connectSocket(parley.url, key.key);
    sockets.push(socket);
    expect(await socket.emitWithAck('subscribe', { app_id: app.id, session_id: sessionId })).toEqual({
      ok: true,
    });
    const heard: HumanMessage[] = [];
    socket.on('human_message', (event: HumanMessage) => heard.push(event));
    expect(await socket.emitWithAck('escalate', { app_id: app.id, session_id: sessionId })).toEqual({
      ok: true,
    });

    // The thread opens in B's channel, posted with B's token.
    const opening = await api.waitFor(() =>
      api.messages(supportChannel).find((message) => message.thread_ts === null),
    );
    expect(opening.team_id).toBe(beta.teamId);
    expect(slackMessageText(opening)).toContain('Bea Visitor');
    const openedWith = api.callsTo('chat.postMessage').filter((call) => call.body.channel === supportChannel);
    expect(openedWith.map((call) => call.token)).toEqual([beta.botToken]);

    // A person in B writes in the thread: the visitor sees it live, under their name.
    const reply = 'Ada from Beta: on it.';
    const sent = await postToSlackEndpoint(
      `${parley.url}/slack/events`,
      slackSigningSecret,
      JSON.stringify(
        eventCallback(
          messageEvent(
            {
              channel: supportChannel,
              channelType: 'channel',
              user: 'U1',
              text: reply,
              ts: nextTs(),
              threadTs: opening.ts,
            },
            beta.teamId,
          ),
          { teamId: beta.teamId, botUserId: beta.botUserId },
        ),
      ),
      'application/json',
    );
    expect(sent.status).toBe(200);
    const live = await api.waitFor(() => heard.find((event) => event.message.content === reply));
    expect(live.message).toMatchObject({ role: 'human_agent', author: 'Ada' });

    // A console reply is posted in the thread with B's token too; Hand back resolves.
    const fromConsole = await parley.request('POST', `/v1/apps/${app.id}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Sam: a voucher is on its way.',
      author: 'Sam',
    });
    expect(fromConsole.status).toBe(201);
    const posted = await api.waitFor(() =>
      api
        .messages(supportChannel, { thread: opening.ts })
        .find((message) => slackMessageText(message).includes('voucher is on its way')),
    );
    expect(posted.team_id).toBe(beta.teamId);
    const resolved = new Promise((resolve) => socket.once('resolved', resolve));
    expect(
      await pressHandBack({
        endpoint: `${parley.url}/slack/events`,
        opening,
        teamId: beta.teamId,
        channel: supportChannel,
        user: 'U1',
      }),
    ).toBe(200);
    await resolved;
    expect(api.callsTo('chat.postMessage').some((call) => call.token === alpha.botToken)).toBe(false);
  });
});
