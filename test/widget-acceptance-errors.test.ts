/**
 * Issue 13 acceptance (problem 8), in Chromium: errors say what happened. The server unreachable
 * is not "you are offline" (`navigator.onLine` tells them apart); a share link revoked while the
 * page is open says so, not "Invalid API key"; a site outside the key's origins reads "not
 * available on this site" with no Retry (a retry cannot help), and the site's owner gets one
 * console warning naming the origin to add.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chat, gotoDemo, launcher, openChat, useWidgetBrowser, waitForReady } from './support/widget-page.js';

describe('widget acceptance: errors that say what happened', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });
  const banner = (page: Page) => chat(page).locator('[part~="banner"]');

  it('server unreachable, then the visitor offline: two different lines', async () => {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await openChat(page);
    await waitForReady(page);
    // The server goes away (a restart) and cannot be reached again: its socket is closed at once.
    await page.routeWebSocket(/\/socket\.io\//, (socket) => socket.close());
    await page.route(/\/socket\.io\//, (route) => route.abort('connectionrefused'));
    await fixture.parley.restart();
    await banner(page).getByText('The chat server cannot be reached').waitFor();
    expect(await banner(page).textContent()).not.toContain('You are offline');
    // Now the visitor's own network goes: that is what the line says.
    await context.setOffline(true);
    await banner(page).getByText('You are offline').waitFor();
    expect(await banner(page).textContent()).not.toContain('cannot be reached');
  });

  it('another site: "not available on this site", no Retry, one warning naming the origin', async () => {
    const demoKey = fixture.parley.running.demo.publishableKey as string;
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' && message.text().startsWith('Parley')) warnings.push(message.text());
    });
    await page.goto(await fixture.site.demo('/not-allowed', { key: demoKey }));
    await openChat(page);
    await banner(page).getByText('The chat is not available on this site.').waitFor();
    expect(await chat(page).getByRole('button', { name: 'Retry' }).count()).toBe(0);
    // Closed and opened again: still one warning.
    await launcher(page).click();
    await openChat(page);
    await page.waitForTimeout(300);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`"${fixture.site.origin}"`);
    expect(warnings[0]).toContain('allowed origins');
  });

  it('a share link revoked while its page is open: the link is said to be revoked, no Retry', async () => {
    const agent = await (await fixture.parley.request('POST', '/v1/agents', { name: 'Desk' })).json();
    const share = await (
      await fixture.parley.request('POST', `/v1/agents/${agent.id}/share`, { expires_in: 24 })
    ).json();
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await page.goto(share.share_url);
    await page.getByLabel('Your message').waitFor();
    await page.waitForFunction(() =>
      (window as { __parleyEvents?: { type: string }[] }).__parleyEvents?.some(
        (event) => event.type === 'parley:ready',
      ),
    );
    await fixture.parley.request('DELETE', `/v1/agents/${agent.id}/share`);
    await page.getByLabel('Your message').fill('Are you there?');
    await page.keyboard.press('Enter');
    const error = chat(page).locator('[part~="error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('This chat link is no longer valid');
    expect(await error.textContent()).not.toContain('Invalid API key');
    expect(await error.getByRole('button', { name: 'Retry' }).count()).toBe(0);
  });
});
