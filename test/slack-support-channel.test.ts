/**
 * Issue 14, answering from Slack (a local Slack Web API, signed Slack requests, a real Socket.IO
 * visitor): an app names a support channel; a widget visitor's escalation opens a thread there with
 * who, where, the last messages and a console link; what a person writes in the thread reaches the
 * visitor live under their Slack name; Hand back resolves; nothing else in the channel reaches anyone.
 */
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { expectNoAxeViolations, signedInPage } from './support/console-pages.js';
import type { SlackStoredMessage } from './support/slack-api-server.js';
import { type SlackDriver, startSlackDriver } from './support/slack-driver.js';
import { messageEvent } from './support/slack-events.js';
import { pressHandBack, slackMessageText } from './support/slack-support-thread.js';
import { connectSocket } from './support/socket-client.js';
import { answerQuestions } from './support/widget-page.js';

const supportChannel = 'C0HELPDESK1';
const publicUrl = 'https://parley.example.org';
const owner = { email: 'owner@example.com', password: 'a long owner password 42' };

interface HumanMessage {
  session_id: string;
  message: { role: string; content: string; author: string | null };
}

describe('Slack support channel: the team answers escalations from Slack threads', () => {
  let slack: SlackDriver;
  let publishableKey: string;
  let browser: Browser | undefined;
  const sockets: Socket[] = [];
  /** The console link of the first thread, opened in the last test. */
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
      'How do refunds work?': { content: 'Refunds go back to your card within five days.' },
      'And the voucher?': { content: 'The voucher works in the shop too.' },
    });
    const patched = await slack.parley.request('PATCH', `/v1/apps/${slack.appId}`, {
      slack_support_channel: supportChannel,
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).slack_support_channel).toBe(supportChannel);
    const key = await slack.parley.request('POST', '/v1/keys', {
      name: 'site',
      kind: 'publishable',
      app_id: slack.appId,
      allowed_origins: ['*'],
    });
    publishableKey = (await key.json()).key;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await browser?.close();
    await slack?.stop();
  });

  /** A visitor on the site: a session with who they are, and the widget's socket following it. */
  async function visitor(name: string) {
    const opened = await slack.parley.request(
      'POST',
      `/v1/apps/${slack.appId}/sessions`,
      { user_id: `user_${name}`, metadata: { userProfile: { name }, plan: 'pro' } },
      { authorization: `Bearer ${publishableKey}` },
    );
    const sessionId = (await opened.json()).session_id as string;
    const socket = await connectSocket(slack.parley.url, publishableKey);
    sockets.push(socket);
    expect(await socket.emitWithAck('subscribe', { app_id: slack.appId, session_id: sessionId })).toEqual({
      ok: true,
    });
    const heard: HumanMessage[] = [];
    socket.on('human_message', (event: HumanMessage) => heard.push(event));
    /** Asks over the socket as the widget does; resolves with the streamed answer. */
    const ask = async (message: string) => {
      const requestId = crypto.randomUUID();
      const tokens: string[] = [];
      const done = new Promise<void>((resolve) => {
        const onToken = (event: { request_id: string; content: string }) => {
          if (event.request_id === requestId) tokens.push(event.content);
        };
        socket.on('token', onToken);
        socket.on('done', (event: { request_id: string }) => {
          if (event.request_id !== requestId) return;
          socket.off('token', onToken);
          resolve();
        });
      });
      const ack = await socket.emitWithAck('execute', {
        app_id: slack.appId,
        session_id: sessionId,
        message,
        request_id: requestId,
      });
      expect(ack.ok).toBe(true);
      await done;
      return tokens.join('');
    };
    return { sessionId, socket, heard, ask };
  }

  /** The thread a session's escalation opened in the support channel (its first message). */
  const openingFor = (sessionId: string) =>
    slack.api.waitFor(() =>
      slack.api
        .messages(supportChannel)
        .find((message) => message.thread_ts === null && slackMessageText(message).includes(sessionId)),
    );
  const threadOf = (opening: SlackStoredMessage) =>
    slack.api.messages(supportChannel, { thread: opening.ts }).filter((message) => message.ts !== opening.ts);

  /** A person (or a bot) writes in the support channel: a signed `message` event. */
  const writeInChannel = (input: { user?: string; text: string; threadTs?: string; botId?: string }) =>
    slack.sendEvent(
      messageEvent(
        {
          channel: supportChannel,
          channelType: 'channel',
          text: input.text,
          ts: slack.nextTs(),
          ...(input.user ? { user: input.user } : {}),
          ...(input.threadTs ? { threadTs: input.threadTs } : {}),
          ...(input.botId ? { botId: input.botId } : {}),
        },
        slack.api.teamId,
      ),
    );

  const handBack = async (opening: SlackStoredMessage, user: string) =>
    expect(
      await pressHandBack({
        endpoint: slack.endpoint,
        opening,
        teamId: slack.api.teamId,
        channel: supportChannel,
        user,
      }),
    ).toBe(200);

  it('a widget escalation opens a thread; the thread answers the visitor live; Hand back resolves', async () => {
    const vera = await visitor('Vera Visitor');
    const other = await visitor('Otto Other');
    expect(await vera.ask('How do refunds work?')).toBe('Refunds go back to your card within five days.');
    expect(
      await vera.socket.emitWithAck('escalate', { app_id: slack.appId, session_id: vera.sessionId }),
    ).toEqual({
      ok: true,
    });
    expect(
      await other.socket.emitWithAck('escalate', { app_id: slack.appId, session_id: other.sessionId }),
    ).toEqual({ ok: true });

    // The thread's opening: who, where from, the last messages, the console link, Hand back.
    const opening = await openingFor(vera.sessionId);
    const shown = slackMessageText(opening);
    expect(shown).toContain('Vera Visitor');
    expect(shown).toContain('website widget');
    expect(shown).toContain('plan: pro');
    expect(shown).toContain('How do refunds work?');
    expect(shown).toContain('Refunds go back to your card within five days.');
    expect(shown).toContain(`${publicUrl}/console/inbox?app=${slack.appId}&session=${vera.sessionId}`);
    expect(shown).toContain('Hand back');
    consoleLink = `${publicUrl}/console/inbox?app=${slack.appId}&session=${vera.sessionId}`;
    const otherOpening = await openingFor(other.sessionId);
    expect(otherOpening.ts).not.toBe(opening.ts);

    // Written elsewhere: at the channel's top level, in another session's thread, by a bot in the thread.
    await writeInChannel({ user: 'U2', text: 'Lunch anyone? (not for a visitor)' });
    await writeInChannel({ user: 'U2', text: 'For Otto only', threadTs: otherOpening.ts });
    await writeInChannel({ botId: 'B0OTHERBOT', text: 'A bot says hello', threadTs: opening.ts });
    // A person writes in Vera's thread: she sees it live, under their Slack display name.
    const reply = 'Ada here: your refund is on its way.';
    expect((await writeInChannel({ user: 'U1', text: reply, threadTs: opening.ts })).status).toBe(200);
    const live = await slack.api.waitFor(() => vera.heard.find((event) => event.message.content === reply));
    expect(live).toMatchObject({
      session_id: vera.sessionId,
      message: { role: 'human_agent', author: 'Ada' },
    });
    // The console's inbox shows who answers: the session is Ada's now.
    const detail = await (
      await slack.parley.request('GET', `/v1/apps/${slack.appId}/sessions/${vera.sessionId}`)
    ).json();
    expect(detail.session.assigned_to).toMatchObject({ name: 'Ada' });
    await slack.api.waitFor(() => other.heard.find((event) => event.message.content === 'For Otto only'));

    // What Vera writes meanwhile (the bot stays quiet) is posted in her thread, for the team to read.
    expect(await vera.ask('Thanks Ada, is it the full amount?')).toBe('');
    await slack.api.waitFor(() =>
      threadOf(opening).find((message) => slackMessageText(message).includes('is it the full amount?')),
    );
    expect(threadOf(otherOpening).some((message) => slackMessageText(message).includes('full amount'))).toBe(
      false,
    );

    // The console's reply appears in the thread too; the thread's own reply is not echoed back.
    const fromConsole = await slack.parley.request(
      'POST',
      `/v1/apps/${slack.appId}/sessions/${vera.sessionId}/messages`,
      { role: 'human_agent', content: 'Sam from the console: voucher VOUCH-77 sent.', author: 'Sam' },
    );
    expect(fromConsole.status).toBe(201);
    await slack.api.waitFor(() =>
      threadOf(opening).find((message) => slackMessageText(message).includes('VOUCH-77')),
    );
    expect(
      threadOf(opening).filter((message) => slackMessageText(message).includes('refund is on its way')),
    ).toHaveLength(0);

    // Only the thread's own messages reached Vera.
    expect(vera.heard.map((event) => event.message.content)).toEqual([
      reply,
      'Sam from the console: voucher VOUCH-77 sent.',
    ]);
    const history = await (
      await slack.parley.request('GET', `/v1/apps/${slack.appId}/sessions/${vera.sessionId}/history`)
    ).json();
    const people = history.messages.filter((message: { role: string }) => message.role === 'human_agent');
    expect(people.map((message: { content: string }) => message.content)).toEqual([
      reply,
      'Sam from the console: voucher VOUCH-77 sent.',
    ]);

    // Hand back: resolved live, the thread says so, and the bot answers the next question.
    const resolved = new Promise((resolve) => vera.socket.once('resolved', resolve));
    await handBack(opening, 'U1');
    await resolved;
    await slack.api.waitFor(() =>
      threadOf(opening).find((message) => slackMessageText(message).includes('Handed back')),
    );
    expect(await vera.ask('And the voucher?')).toBe('The voucher works in the shop too.');
    expect(threadOf(opening).some((message) => slackMessageText(message).includes('And the voucher?'))).toBe(
      false,
    );

    // After the hand-back the thread reaches no one.
    await writeInChannel({ user: 'U1', text: 'Too late, handed back', threadTs: opening.ts });
    await slack.api.waitFor(() => slack.api.callsTo('chat.postEphemeral').length > 0);
    expect(vera.heard.map((event) => event.message.content)).not.toContain('Too late, handed back');
  });

  it("works for a Slack user's conversation too: the thread's reply is posted to their DM", async () => {
    await slack.sendUserMessage({ conversation: 'dm', user: 'U2', text: 'How do refunds work?' });
    const [answer] = await slack.waitForPosts('dm', 1);
    const escalate = answer?.buttons.find((button) => button.kind === 'escalate');
    if (!escalate) throw new Error('no escalate button');
    expect(await slack.press('dm', 'U2', escalate)).toBe(200);
    const sessionId = await slack.sessionOf('dm');
    const opening = await openingFor(sessionId);
    expect(slackMessageText(opening)).toContain('From Slack');
    expect(slackMessageText(opening)).toContain('Grace Hopper');

    await writeInChannel({ user: 'U1', text: 'Ada here, checking your refund now.', threadTs: opening.ts });
    const posts = await slack.api.waitFor(() => {
      const all = slack.posts('dm');
      return all.some((post) => post.text.includes('checking your refund now')) ? all : null;
    });
    expect(posts.find((post) => post.text.includes('checking your refund now'))?.text).toContain('Ada');
  });

  it("the Apps page sets the support channel; the thread's console link opens the conversation", {
    timeout: 60_000,
  }, async () => {
    expect(consoleLink).not.toBe('');
    browser = await launchChromium();
    const { context, page } = await signedInPage(browser, slack.parley.url, owner);
    context.setDefaultTimeout(10_000);
    try {
      await page.goto(`${slack.parley.url}/console/apps/${slack.appId}`);
      const editor = page.locator('console-app-editor');
      const field = editor.getByLabel('Slack support channel (optional)');
      await expect(field.inputValue()).resolves.toBe(supportChannel);
      await expectNoAxeViolations(page, 'console-apps-page', 'app with a support channel');
      await field.fill('C0OTHERDESK');
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.getByText(/was saved/).waitFor();
      const stored = await (await slack.parley.request('GET', `/v1/apps/${slack.appId}`)).json();
      expect(stored.slack_support_channel).toBe('C0OTHERDESK');
      await field.fill('');
      await editor.getByRole('button', { name: 'Save' }).click();
      await page.waitForFunction(
        async ([url, appId]) => {
          const response = await fetch(`${url}/v1/apps/${appId}`, { headers: { 'x-parley-console': '1' } });
          return response.ok && (await response.json()).slack_support_channel === null;
        },
        [slack.parley.url, slack.appId],
      );

      // The link in the thread, on this server: the inbox opens with that conversation.
      const link = new URL(consoleLink);
      await page.goto(`${slack.parley.url}${link.pathname}${link.search}`);
      await page
        .locator('console-inbox-page')
        .getByText('Ada here: your refund is on its way.')
        .first()
        .waitFor();
    } finally {
      await context.close();
    }
  });
});
