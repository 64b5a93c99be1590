/**
 * Issue 13 (7), in Chromium on a desktop window (1366×800): the share page opens with the agent's
 * name, description, greeting and starter prompts, a prompt's click sends it and gets an answer, and
 * the messages read in a column at most 760 px wide. The agent's fields, markup included, show as text.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from './support/browser.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const desktop = { width: 1366, height: 800 };
const imgPayload = '<img src=x onerror="window.__pwned=1">';

describe('the share page opens with what the agent says first', () => {
  let parley: ParleyHarness;
  let browser: Browser;

  async function sharePage(fields: Record<string, unknown>): Promise<{ page: Page; errors: string[] }> {
    const agent = await (await parley.request('POST', '/v1/agents', fields)).json();
    const share = await (await parley.request('POST', `/v1/agents/${agent.id}/share`, {})).json();
    const context = await browser.newContext({ viewport: desktop });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const response = await page.goto(share.share_url);
    expect(response?.status()).toBe(200);
    return { page, errors };
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

  it('shows the name, description, greeting and prompts; a prompt sends itself; the column is narrow', async () => {
    const { page, errors } = await sharePage({
      name: 'Returns desk',
      description: 'Answers about returns',
      greeting: 'Hello! I can help with **returns**.',
      starter_prompts: ['Can I return shoes?', 'Where is my refund?'],
    });
    const chat = page.getByRole('region', { name: 'Returns desk' });
    await chat.getByText('Answers about returns').waitFor();
    const greeting = chat.locator('[part~="greeting"]');
    await greeting.waitFor();
    expect(await greeting.textContent()).toContain('Hello! I can help with returns.');
    expect(await greeting.locator('strong').textContent()).toBe('returns');
    const suggestions = chat.getByRole('group', { name: 'Suggested questions' });
    expect(await suggestions.getByRole('button').allTextContents()).toEqual([
      'Can I return shoes?',
      'Where is my refund?',
    ]);

    await suggestions.getByRole('button', { name: 'Can I return shoes?' }).click();
    const answer = chat.locator('[part~="message-assistant"][data-state="done"]');
    await answer.waitFor({ timeout: 15_000 });
    expect(await chat.locator('[part~="message-user"]').textContent()).toContain('Can I return shoes?');
    expect((await answer.textContent())?.trim().length).toBeGreaterThan(0);
    // Once something was said the prompts go; the greeting stays at the top.
    expect(await chat.getByRole('group', { name: 'Suggested questions' }).count()).toBe(0);
    expect(await greeting.count()).toBe(1);

    // The page fills the window, the messages read in a centred column.
    const host = await page.locator('parley-chat').boundingBox();
    expect(host?.width).toBe(desktop.width);
    for (const part of [greeting, chat.locator('[part~="message-user"]'), answer]) {
      const box = await part.boundingBox();
      expect(box?.width).toBeLessThanOrEqual(760);
      expect(box?.x).toBeGreaterThanOrEqual((desktop.width - 760) / 2);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual((desktop.width + 760) / 2);
    }
    const list = await chat.locator('ol.list').boundingBox();
    expect(list?.width).toBeLessThanOrEqual(760);
    expect(list?.x).toBeGreaterThanOrEqual((desktop.width - 760) / 2);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.context().close();
  });

  it('shows no greeting nor prompts for an agent without them', async () => {
    const { page } = await sharePage({ name: 'Quiet desk', description: 'Says nothing first' });
    const chat = page.getByRole('region', { name: 'Quiet desk' });
    await chat.getByText('Says nothing first').waitFor();
    await page.getByLabel('Your message').fill('Can I return shoes?');
    await page.keyboard.press('Enter');
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await chat.locator('[part~="greeting"]').count()).toBe(0);
    expect(await chat.locator('[part~="starters"]').count()).toBe(0);
    await page.context().close();
  });

  it("keeps markup in the agent's name, description, greeting and prompts inert, shown as text", async () => {
    const { page } = await sharePage({
      name: `Desk ${imgPayload}`,
      description: `About ${imgPayload}`,
      greeting: `Hi ${imgPayload}`,
      starter_prompts: [`Ask ${imgPayload}`],
    });
    const chat = page.getByRole('region', { name: `Desk ${imgPayload}` });
    await chat.getByText(`About ${imgPayload}`).waitFor();
    const prompt = chat.getByRole('button', { name: `Ask ${imgPayload}` });
    await prompt.waitFor();
    expect(await chat.locator('[part~="greeting"]').textContent()).toContain('Hi');
    // No element came out of the text: nothing to load, nothing that could run.
    expect(await page.locator('parley-chat img').count()).toBe(0);
    await prompt.click();
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await chat.locator('[part~="message-user"]').textContent()).toContain(imgPayload);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('parley-chat img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await page.context().close();
  });
});
