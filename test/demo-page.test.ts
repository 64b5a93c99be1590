import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

describe('the demo page in Chromium', () => {
  let parley: ParleyHarness;
  let browser: Browser;

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_OFFLINE_TOKEN_DELAY_MS: '30' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it('chats with the demo agent: the answer streams in, the session is kept', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${parley.url}/demo/`);
    await page.getByLabel('Your message').fill('How long do I have to return a laptop?');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('#parley-messages li.assistant').first();
    await expect.poll(async () => (await answer.textContent())?.length ?? 0).toBeGreaterThan(0);
    const partial = (await answer.textContent()) ?? '';
    const citation = answer.locator('small.citation');
    await expect.poll(async () => citation.count(), { timeout: 15_000 }).toBe(1);
    expect(await citation.textContent()).toMatch(/^\[1\] acme-return-policy\.pdf, page 3: “.*45 days.*”$/s);
    const full = await answer.evaluate((item) => item.firstChild?.textContent ?? '');
    expect(partial.length).toBeLessThan(full.length);
    expect(full).toContain('Laptops can be returned within 45 days of delivery');
    expect(full).toContain('[1]');
    await page.screenshot({ path: `${parley.dataDirectory}/demo.png` });

    const sessionId = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((name) => name.startsWith('parley-demo-session:'));
      return key ? sessionStorage.getItem(key) : null;
    });
    expect(sessionId).toMatch(/^sess_/);
    const history = await (
      await parley.request('GET', `/v1/apps/${parley.running.demo.appId}/sessions/${sessionId}/history`)
    ).json();
    expect(history.messages.map((message: { content: string }) => message.content)).toEqual([
      'How long do I have to return a laptop?',
      full,
    ]);
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });

  it('opens a share link as a full-page chat with that agent, and revoked links as a clear page', async () => {
    const agent = await (
      await parley.request('POST', '/v1/agents', {
        name: 'Returns <Desk>',
        description: 'Answers about returns',
      })
    ).json();
    const share = await (
      await parley.request('POST', `/v1/agents/${agent.id}/share`, { expires_in: 24 })
    ).json();
    const page = await browser.newPage();
    const response = await page.goto(share.share_url);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.title()).toBe('Returns <Desk> · Parley');
    expect(await page.locator('header').textContent()).toBe('Returns <Desk>');
    await page.getByLabel('Your message').fill('Can I return shoes?');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('#parley-messages li.assistant').first();
    await expect.poll(async () => answer.textContent(), { timeout: 15_000 }).toContain('restart Parley.');
    const conversations = await (await parley.request('GET', `/v1/agents/${agent.id}/conversations`)).json();
    expect(conversations.data).toHaveLength(1);
    expect(conversations.data[0].message_count).toBe(2);

    await parley.request('DELETE', `/v1/agents/${agent.id}/share`);
    const revoked = await page.goto(share.share_url);
    expect(revoked?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('This chat link is not available');
    expect(await page.locator('#parley-chat').count()).toBe(0);
  });
});
