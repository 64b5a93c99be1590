import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectPageErrors, launchChromium } from './support/browser.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

interface Share {
  token: string;
  share_url: string;
  expires_at: string | null;
}

describe('the share page in Chromium', () => {
  let parley: ParleyHarness;
  let browser: Browser;

  async function shareAgent(name: string, options: Record<string, unknown> = {}) {
    const agent = await (
      await parley.request('POST', '/v1/agents', { name, description: 'Answers about returns' })
    ).json();
    const share: Share = await (
      await parley.request('POST', `/v1/agents/${agent.id}/share`, { expires_in: 24, ...options })
    ).json();
    return { agentId: agent.id as string, share };
  }

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_OFFLINE_TOKEN_DELAY_MS: '5' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it('is a full-page chat with the agent that keeps its conversation across reloads', async () => {
    const { agentId, share } = await shareAgent('Returns <Desk>');
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const response = await page.goto(share.share_url);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Returns <Desk> · Parley');
    const chat = page.getByRole('region', { name: 'Returns <Desk>' });
    await chat.getByText('Answers about returns').waitFor();
    // The page is the chat: it fills the window and has no launcher or close button.
    const box = await page.locator('parley-chat').boundingBox();
    expect(box?.height).toBe(page.viewportSize()?.height);
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Close chat' }).count()).toBe(0);

    await page.getByLabel('Your message').fill('Can I return shoes?');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = chat.locator('[part~="message-assistant"][data-state="done"]');
    await answer.waitFor({ timeout: 15_000 });
    expect(await answer.textContent()).toContain('restart Parley.');
    const conversations = await (await parley.request('GET', `/v1/agents/${agentId}/conversations`)).json();
    expect(conversations.data).toHaveLength(1);
    expect(conversations.data[0].message_count).toBe(2);
    const stored = await page.evaluate((key) => localStorage.getItem(key), `parley:${agentId}`);
    expect(JSON.parse(stored ?? '{}').conversation_id).toBe(conversations.data[0].id);

    await page.reload();
    await chat.locator('[part~="message-assistant"]').waitFor();
    expect(await chat.locator('[part~="message-user"]').textContent()).toContain('Can I return shoes?');
    await page.getByLabel('Your message').fill('And sandals?');
    await page.keyboard.press('Enter');
    await chat.locator('[part~="message-assistant"][data-state="done"]').nth(1).waitFor({ timeout: 15_000 });
    const after = await (await parley.request('GET', `/v1/agents/${agentId}/conversations`)).json();
    expect(after.data).toHaveLength(1);
    expect(after.data[0].message_count).toBe(4);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });

  it('rates an answer with the thumbs: shown pressed, stored on the server, still pressed after a reload', async () => {
    const { agentId, share } = await shareAgent('Rated desk');
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(share.share_url);
    const chat = page.getByRole('region', { name: 'Rated desk' });
    await page.getByLabel('Your message').fill('Can I return shoes?');
    await page.keyboard.press('Enter');
    const answer = chat.locator('[part~="message-assistant"][data-state="done"]');
    await answer.waitFor({ timeout: 15_000 });
    const helpful = answer.getByRole('button', { name: 'Helpful', exact: true });
    const notHelpful = answer.getByRole('button', { name: 'Not helpful', exact: true });
    expect(await helpful.getAttribute('aria-pressed')).toBe('false');
    expect(await notHelpful.getAttribute('aria-pressed')).toBe('false');

    await helpful.click();
    await answer.locator('[part~="feedback-button"][aria-pressed="true"]').waitFor();
    expect(await helpful.getAttribute('aria-pressed')).toBe('true');
    expect(await notHelpful.getAttribute('aria-pressed')).toBe('false');
    const conversations = await (await parley.request('GET', `/v1/agents/${agentId}/conversations`)).json();
    const conversationId = conversations.data[0].id as string;
    const storedRating = async () => {
      const conversation = await (
        await parley.request('GET', `/v1/agents/${agentId}/conversations/${conversationId}`)
      ).json();
      const assistant = conversation.messages.find(
        (message: { role: string }) => message.role === 'assistant',
      );
      return assistant?.feedback?.rating ?? null;
    };
    await expect.poll(storedRating, { timeout: 10_000 }).toBe('up');

    await page.reload();
    const reloaded = chat.locator('[part~="message-assistant"][data-state="done"]');
    await reloaded.locator('[part~="feedback-button"][aria-pressed="true"]').waitFor();
    expect(
      await reloaded.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(
      await reloaded.getByRole('button', { name: 'Not helpful', exact: true }).getAttribute('aria-pressed'),
    ).toBe('false');
    expect(await storedRating()).toBe('up');
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });

  it('answers each question on its own and stores nothing when conversations are off', async () => {
    const { agentId, share } = await shareAgent('One-off', { allow_conversations: false });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(share.share_url);
    await page.getByLabel('Your message').fill('Can I return shoes?');
    await page.keyboard.press('Enter');
    await page.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    // Nothing is stored, so there is nothing to rate: no thumbs.
    expect(await page.locator('[part~="feedback"]').count()).toBe(0);
    const conversations = await (await parley.request('GET', `/v1/agents/${agentId}/conversations`)).json();
    expect(conversations.data).toHaveLength(0);
    expect(await page.evaluate((key) => localStorage.getItem(key), `parley:${agentId}`)).toBeNull();
    await context.close();
  });

  it('shows a clear page, not a broken chat, for revoked and expired links', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const revoked = await shareAgent('Revoked desk');
    await parley.request('DELETE', `/v1/agents/${revoked.agentId}/share`);
    const revokedResponse = await page.goto(revoked.share.share_url);
    expect(revokedResponse?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('This chat link is not available');
    expect(await page.locator('main p').textContent()).toContain('revoked or is not valid');
    expect(await page.locator('parley-chat').count()).toBe(0);

    const expiring = await shareAgent('Expiring desk', { expires_in: 1 });
    // The server runs in this process: move its clock past the expiry (Chromium keeps its own).
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.parse(expiring.share.expires_at ?? '') + 1_000);
      const expiredResponse = await page.goto(expiring.share.share_url);
      expect(expiredResponse?.status()).toBe(410);
    } finally {
      vi.useRealTimers();
    }
    expect(await page.locator('h1').textContent()).toBe('This chat link is not available');
    expect(await page.locator('main p').textContent()).toContain('This link has expired.');
    expect(await page.locator('parley-chat').count()).toBe(0);
    await context.close();
  });
});
