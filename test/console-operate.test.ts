/**
 * Issue 11, the console's operate pages in a real Chromium against a real server: Webhooks (test
 * event and Retry now reaching a local receiver), Channels (status and the manifest download),
 * Analytics (the numbers the API gives, the chart code loaded with this page only) and Conversations
 * (search, read with citations, export JSON and Markdown). Each page: axe 0 in light and dark, data
 * written as text only.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Analytics } from '@parley/contract';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { expectAccessibleInBothThemes, expectInert, signedInPage, xssName } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const owner = { email: 'operator@example.com', password: 'an operator password 42' };
let parley: ParleyHarness;
let browser: Browser;
let appId: string;

beforeAll(async () => {
  parley = await startParleyHarness({
    model: 'offline',
    environment: {
      PARLEY_ADMIN_EMAIL: owner.email,
      PARLEY_ADMIN_PASSWORD: owner.password,
      PARLEY_ALLOW_PRIVATE_URLS: '1',
    },
  });
  // An app whose name is markup: every page that lists apps must show it as text.
  await parley.request('PATCH', `/v1/apps/${parley.running.demo.appId}`, { name: xssName });
  appId = parley.running.demo.appId;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await parley?.stop();
});

async function openPage(path: string): Promise<{ page: Page; close(): Promise<void> }> {
  const { context, page } = await signedInPage(browser, parley.url, owner);
  await page.goto(`${parley.url}/console/${path}`);
  return { page, close: () => context.close() };
}

/** A helpdesk that answers 500 while `down`, and records what it got otherwise. */
async function startFlakyReceiver() {
  const state = { down: true, received: [] as { id: string; event: string }[] };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (state.down) {
        response.writeHead(500).end('down');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event: string };
      state.received.push({ id: String(request.headers['webhook-id']), event: body.event });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the console operate pages', () => {
  it('Webhooks: add one (secret shown once), a failing test event, Retry now reaches the receiver', async () => {
    const receiver = await startFlakyReceiver();
    const { page, close } = await openPage('deploy/webhooks');
    try {
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      await page.getByLabel('URL').fill(receiver.url);
      await page.getByLabel('Signing secret (optional)').fill('whsec_console_test_secret_1');
      await page.getByRole('button', { name: 'Add webhook' }).click();
      expect(await page.locator('[data-new-secret]').textContent()).toBe('whsec_console_test_secret_1');

      await page.getByRole('button', { name: `Send test event to ${receiver.url}` }).click();
      const row = page.locator('tr[data-delivery-id]').first();
      await expect.poll(() => row.getAttribute('data-status')).toBe('pending');
      expect(await row.textContent()).toContain('HTTP 500');
      expect(receiver.state.received).toEqual([]);

      receiver.state.down = false;
      const deliveryId = (await row.getAttribute('data-delivery-id')) ?? '';
      await page.getByRole('button', { name: `Retry now: delivery ${deliveryId}` }).click();
      await expect.poll(() => row.getAttribute('data-status')).toBe('delivered');
      const attempts = await row.locator('li').allTextContents();
      expect(attempts).toEqual([expect.stringContaining('HTTP 500'), expect.stringContaining('HTTP 200')]);
      expect(receiver.state.received).toEqual([{ id: deliveryId, event: 'webhook.test' }]);

      await page.getByRole('button', { name: `Send test event to ${receiver.url}` }).click();
      await expect.poll(() => receiver.state.received.length).toBe(2);
      await expect.poll(() => page.locator('tr[data-status="delivered"]').count()).toBe(2);
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-webhooks-page', 'webhooks page');
    } finally {
      await close();
      await receiver.close();
    }
  });

  it('Channels: Slack and Teams off with their settings and steps; the Slack manifest downloads', async () => {
    const { page, close } = await openPage('deploy/channels');
    try {
      const slack = page.locator('section[data-platform="slack"]');
      await slack.waitFor();
      expect(await slack.getByRole('heading', { level: 2 }).textContent()).toContain('Off');
      expect(await slack.textContent()).toContain('SLACK_BOT_TOKEN');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        slack.getByRole('link', { name: 'Download the Slack app manifest' }).click(),
      ]);
      const manifest = JSON.parse(readFileSync((await download.path()) ?? '', 'utf8')) as {
        settings: { event_subscriptions: { request_url: string } };
      };
      expect(manifest.settings.event_subscriptions.request_url).toBe(`${parley.url}/slack/events`);
      const teams = page.locator('section[data-platform="teams"]');
      expect(await teams.textContent()).toContain('MICROSOFT_APP_ID is set');
      await expectAccessibleInBothThemes(page, 'console-channels-page', 'channels page');
    } finally {
      await close();
    }
  });

  it('Analytics: the numbers the API gives after a few turns, charts with tables, unanswered questions', async () => {
    const question = 'Can I pay for the zeppelin with seashells?';
    const turns = ['What is your return policy?', 'How long does shipping take?', question];
    const sessions: string[] = [];
    for (const message of turns) {
      const turn = await parley.request('POST', `/v1/apps/${appId}/execute`, { message });
      sessions.push(((await turn.json()) as { session_id: string }).session_id);
    }
    const history = (await (
      await parley.request('GET', `/v1/apps/${appId}/sessions/${sessions[0]}/history`)
    ).json()) as { messages: { id: string; role: string }[] };
    const answer = history.messages.find((message) => message.role === 'assistant');
    await parley.request(
      'POST',
      `/v1/apps/${appId}/sessions/${sessions[0]}/messages/${answer?.id}/feedback`,
      {
        rating: 'up',
      },
    );

    const { context, page } = await signedInPage(browser, parley.url, owner);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    try {
      await page.goto(`${parley.url}/console/home`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).waitFor();
      expect(requested.filter((path) => path.includes('analytics-page'))).toEqual([]);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
      await page.locator('[data-metric="sessions"]').waitFor();
      expect(requested.filter((path) => path.includes('analytics-page'))).toHaveLength(1);

      const from = new Date(Date.now() - 6 * 86_400_000);
      from.setUTCHours(0, 0, 0, 0);
      const report = (await (
        await parley.request('GET', `/v1/apps/${appId}/analytics?interval=day&from=${from.toISOString()}`)
      ).json()) as Analytics;
      const metric = (name: string) => page.locator(`[data-metric="${name}"]`).textContent();
      expect(report.totals.sessions).toBeGreaterThanOrEqual(3);
      expect(await metric('sessions')).toBe(String(report.totals.sessions));
      expect(await metric('messages')).toBe(String(report.totals.messages));
      expect(await metric('feedback-up')).toBe('1');
      expect(await metric('feedback-down')).toBe('0');
      expect(await metric('escalation-rate')).toBe('0 %');
      expect(await metric('tokens')).toBe(String(report.totals.input_tokens + report.totals.output_tokens));
      expect(await metric('latency-p95')).toBe(`${Math.round(report.totals.latency_ms.p95 ?? 0)} ms`);

      // Each chart has its numbers in a table too.
      const chart = page.locator('figure[data-chart="sessions-messages"]');
      await chart.getByText('Show as a table').click();
      const today = new Date().toISOString().slice(0, 10);
      const todayRow = chart.locator('tr', { hasText: today });
      expect(await todayRow.locator('td').allTextContents()).toEqual([
        String(report.totals.sessions),
        String(report.totals.messages),
      ]);
      const unanswered = page.locator('tr', { hasText: question });
      await unanswered.waitFor();
      expect(await unanswered.textContent()).toContain('nothing found in the knowledge');
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-analytics-page', 'analytics page');
    } finally {
      await context.close();
    }
  });

  it('Conversations: search, read with citations and tools, export JSON and Markdown', async () => {
    const words = 'How long do refunds take for returned items?';
    const turn = await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: `${words} ${xssName}`,
      metadata: { userProfile: { name: xssName } },
    });
    const sessionId = ((await turn.json()) as { session_id: string }).session_id;
    const { context, page } = await signedInPage(browser, parley.url, owner, { width: 390 });
    try {
      await page.goto(`${parley.url}/console/conversations`);
      await page.getByLabel('Words in a message, or an id (sess_…, conv_…, msg_…)').fill('refunds take');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const result = page.locator(`li[data-thread-id="${sessionId}"]`);
      await result.waitFor();
      await expectAccessibleInBothThemes(page, 'console-conversations-page', 'conversation search');
      await result.getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: `Session ${sessionId}` }).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/console/conversations/session/${appId}/${sessionId}`);
      const messages = page.locator('li[data-message-id]');
      await expect.poll(() => messages.count()).toBe(2);
      expect(await messages.first().textContent()).toContain(`${words} ${xssName}`);
      const citations = await messages.nth(1).locator('[data-citation]').allTextContents();
      expect(citations.length).toBeGreaterThan(0);
      expect(await messages.nth(1).textContent()).toContain('search_knowledge');

      const [markdown] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export Markdown' }).click(),
      ]);
      const text = readFileSync((await markdown.path()) ?? '', 'utf8');
      expect(markdown.suggestedFilename()).toBe(`${sessionId}.md`);
      expect(text).toContain(words);
      expect(text).toContain('Sources:');
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Export JSON' }).click(),
      ]);
      const transcript = JSON.parse(readFileSync((await json.path()) ?? '', 'utf8')) as {
        id: string;
        metadata: unknown;
        messages: { content: string; citations: { document_name: string }[] }[];
      };
      expect(transcript.id).toBe(sessionId);
      expect(transcript.metadata).toEqual({ userProfile: { name: xssName } });
      expect(transcript.messages[0]?.content).toBe(`${words} ${xssName}`);
      expect(transcript.messages[1]?.citations.length).toBe(citations.length);
      expect(text).toContain(transcript.messages[1]?.citations[0]?.document_name);
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-conversations-page', 'transcript at 390 px');
      // Read from a phone: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });
});
