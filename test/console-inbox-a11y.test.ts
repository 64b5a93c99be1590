/**
 * Issue 11, the inbox on a phone (390 px): the list, then the conversation; used with the keyboard
 * only; axe finds nothing in light and dark; names, messages, metadata and authors that carry
 * markup stay text.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './support/axe.js';
import { createOperator } from './support/console.js';
import { inbox, listItem, openInbox, transcriptMessages } from './support/console-inbox.js';
import { useWidgetBrowser } from './support/widget-page.js';

const hostile = '<img src=x onerror="window.__xss=1">';
const breakout = '"><script>window.__xss=1</script>';
/** The inbox page inside the console's shadow root (the shell is tested with the shell). */
const inboxOnly = [['parley-console', 'console-inbox-page']];

/** Presses Tab until `target` has the focus (keyboard only), at most 80 times. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element.matches(':focus')).catch(() => false)) return;
  }
  throw new Error('Tab never reached the element');
}

describe('console inbox on a phone, with the keyboard, for everyone', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });

  it('shows the list then the conversation at 390 px, keyboard only, axe 0 light and dark, markup inert', async () => {
    const { parley } = fixture;
    const appId = parley.running.demo.appId;
    parley.modelServer?.setDefault({ content: `Answer with ${hostile} inside` });
    const opened = await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: breakout,
      metadata: { userProfile: { name: hostile }, plan: breakout },
    });
    const { session_id: sessionId } = (await opened.json()) as { session_id: string };
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/assign`, { name: hostile });
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: breakout,
      author: hostile,
    });
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/resolve`, {});

    const operator = await createOperator(parley, { role: 'agent', name: 'Kim Keyboard' });
    const context = await fixture.newVisitor({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const { page } = await openInbox(context, parley, operator);

    const item = listItem(page, hostile);
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain(breakout);
    await expect(inbox(page).locator('.detail').isVisible()).resolves.toBe(false);
    const light = await runAxe(page, inboxOnly);
    expect(light.violations, describeViolations(light.violations)).toEqual([]);

    await tabTo(page, item);
    await page.keyboard.press('Enter');
    const heading = inbox(page).locator('#inbox-detail-title');
    await expect.poll(() => heading.evaluate((element) => element.matches(':focus'))).toBe(true);
    await expect(item.isVisible()).resolves.toBe(false);
    await transcriptMessages(page, 'human_agent').filter({ hasText: breakout }).waitFor();
    await expect(transcriptMessages(page, 'human_agent').textContent()).resolves.toContain(hostile);
    await expect(transcriptMessages(page, 'user').first().textContent()).resolves.toContain(breakout);

    const takeOver = page.getByRole('button', { name: 'Take over' });
    await tabTo(page, takeOver);
    await page.keyboard.press('Enter');
    const reply = page.getByLabel('Reply');
    await reply.waitFor();
    await tabTo(page, reply);
    await page.keyboard.type('Typed with the keyboard only.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await transcriptMessages(page, 'human_agent')
      .filter({ hasText: 'Typed with the keyboard only.' })
      .waitFor();

    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await runAxe(page, inboxOnly);
    expect(dark.violations, describeViolations(dark.violations)).toEqual([]);

    await tabTo(page, page.getByRole('button', { name: 'Back to the list' }));
    await page.keyboard.press('Enter');
    await item.waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});
