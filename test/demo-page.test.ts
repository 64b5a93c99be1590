import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from './support/browser.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

describe('the demo page in Chromium', () => {
  let parley: ParleyHarness;
  let browser: Browser;

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_OFFLINE_TOKEN_DELAY_MS: '40' },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });

  it('opens the widget from its launcher, streams a cited answer and shows it again after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${parley.url}/demo/`);

    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = page.getByRole('dialog', { name: 'Acme assistant' });
    await expect.poll(() => chat.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Close chat' }).count()).toBeGreaterThan(0);
    // The page told the widget who is signed in: the app's greeting uses it.
    await chat.getByText('Hi John — I am the Acme demo assistant. How can I help?').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.querySelector('parley-chat')?.shadowRoot?.activeElement?.id))
      .toBe('input');

    await chat.getByRole('button', { name: 'How long do I have to return a laptop?' }).click();
    const answer = chat.locator('[part~="message-assistant"]').last();
    // Tokens show while the answer is still coming.
    await chat.locator('[part~="message-assistant"][data-state="streaming"]').waitFor();
    // The state and the text are read together, so `partial` is text seen while still streaming.
    let partial = '';
    await expect
      .poll(
        async () => {
          const seen = await answer.evaluate((message) => ({
            state: message.getAttribute('data-state'),
            text: message.querySelector('[part="bubble"]')?.textContent ?? '',
          }));
          if (seen.state === 'streaming') partial = seen.text;
          return seen.state === 'streaming' && seen.text.length > 0;
        },
        { timeout: 10_000, interval: 20 },
      )
      .toBe(true);
    expect(partial.length).toBeGreaterThan(0);

    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    const full = (await answer.locator('[part="bubble"]').textContent()) ?? '';
    expect(full).toContain('Laptops can be returned within 45 days of delivery');
    expect(full).toContain('[1]');
    expect(partial.length).toBeLessThan(full.length);
    expect(full.startsWith(partial)).toBe(true);
    const citation = answer.locator('[part="citation"]');
    expect(await citation.count()).toBe(1);
    expect(await citation.locator('[part="citation-document"]').textContent()).toBe('acme-return-policy.pdf');
    expect(await citation.textContent()).toContain('page 3');
    expect(await citation.locator('[part="citation-excerpt"]').textContent()).toContain('45 days');

    const stored = await page.evaluate(() =>
      Object.entries(localStorage).find(([name]) => name.startsWith('parley:app_')),
    );
    expect(stored?.[0]).toBe(`parley:${parley.running.demo.appId}`);
    const sessionId = JSON.parse(stored?.[1] ?? '{}').session_id;
    expect(sessionId).toMatch(/^sess_/);
    const history = await (
      await parley.request('GET', `/v1/apps/${parley.running.demo.appId}/sessions/${sessionId}/history`)
    ).json();
    expect(history.messages.map((message: { content: string }) => message.content)).toEqual([
      'How long do I have to return a laptop?',
      full,
    ]);
    await page.screenshot({ path: `${parley.dataDirectory}/demo.png` });

    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const again = page.getByRole('dialog', { name: 'Acme assistant' });
    await again.locator('[part~="message-assistant"]').first().waitFor();
    const messages = again.locator('[part~="message"]');
    expect(await messages.count()).toBe(2);
    expect(await messages.nth(0).locator('[part="bubble"]').textContent()).toBe(
      'How long do I have to return a laptop?',
    );
    expect(await messages.nth(1).locator('[part="bubble"]').textContent()).toBe(full);
    expect(await messages.nth(1).locator('[part="citation-document"]').textContent()).toBe(
      'acme-return-policy.pdf',
    );
    // With a conversation going, the starter prompts step aside.
    expect(await again.getByRole('group', { name: 'Suggested questions' }).count()).toBe(0);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });

  it('lets the page drive the chat: a button sends a question, signing out forgets the conversation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${parley.url}/demo/`);
    await page.getByRole('button', { name: 'Ask the assistant about returns' }).click();
    const chat = page.getByRole('dialog', { name: 'Acme assistant' });
    await chat.locator('[part~="message-assistant"][data-state="done"]').waitFor({ timeout: 15_000 });
    expect(await chat.locator('[part~="message-user"]').textContent()).toContain(
      'How long do I have to return a laptop?',
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => chat.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('PARLEY-LAUNCHER');

    await page.getByRole('button', { name: 'sign out (forget the chat)' }).click();
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((name) => name.startsWith('parley:'))),
    ).toEqual([]);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByText('Hi John').waitFor();
    expect(await chat.locator('[part~="message"]').count()).toBe(0);
    expect(errors, errors.join('\n')).toEqual([]);
    await context.close();
  });
});
