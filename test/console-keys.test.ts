/**
 * Issue 11, Deploy → API Keys: on a fresh start with PARLEY_ADMIN_EMAIL/PASSWORD the owner signs in,
 * generates a key, copies it, the key works on GET /v1/agents; revoked (after a confirmation), the
 * same request answers 401. Real server, real Chromium.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createOperator, signInConsole } from './support/console.js';
import {
  consoleBrowserPage,
  expectAccessibleInBothThemes,
  expectInert,
  signedInPage,
  xssName,
} from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const owner = { email: 'owner@example.com', password: 'a long owner password 42' };
let parley: ParleyHarness;
let browser: Browser;

beforeAll(async () => {
  parley = await startParleyHarness({
    model: 'offline',
    environment: { PARLEY_ADMIN_EMAIL: owner.email, PARLEY_ADMIN_PASSWORD: owner.password },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await parley?.stop();
});

function agentsWith(key: string): Promise<Response> {
  return fetch(`${parley.url}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });
}

describe('Deploy → API Keys', () => {
  it('generates a key shown once with Copy; it works until it is revoked after a confirmation', async () => {
    const { context, page } = await consoleBrowserPage(browser, parley.url, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    try {
      // The owner from PARLEY_ADMIN_EMAIL/PASSWORD signs in with the console's form.
      await signInConsole(page, parley.url, owner);
      const navigation = page.getByRole('navigation', { name: 'Main' });
      await expect.poll(() => navigation.getByText('Deploy').isVisible()).toBe(true);
      await navigation.getByRole('link', { name: 'API Keys' }).click();
      await page.getByRole('heading', { level: 1, name: 'API Keys' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/deploy/api-keys');

      await page.getByLabel('Name').fill(xssName);
      await page.getByRole('button', { name: 'Generate key' }).click();
      const shown = page.locator('[data-new-key]');
      await shown.waitFor();
      const key = (await shown.textContent())?.trim() ?? '';
      expect(key).toMatch(/^sk_/);
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await page.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);

      // The list shows it masked only.
      const row = page.locator('tr', { hasText: xssName });
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.textContent()).not.toContain(key);
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-keys-page', 'keys page with a new key');

      expect((await agentsWith(key)).status).toBe(200);

      // Revoke asks first: cancelling keeps the key.
      await row.getByRole('button', { name: `Revoke ${xssName}` }).click();
      const dialog = page.getByRole('dialog', { name: `Revoke “${xssName}”?` });
      await dialog.waitFor();
      const focused = () =>
        page.evaluate(() => {
          let active = document.activeElement;
          while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
          return active?.textContent?.trim() ?? null;
        });
      // Keyboard: the safe choice has the focus; Escape closes and gives it back to the row's button.
      expect(await focused()).toBe('Cancel');
      await expectAccessibleInBothThemes(page, 'console-keys-page', 'revoke confirmation');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await focused()).toBe('Revoke');
      expect((await agentsWith(key)).status).toBe(200);

      await row.getByRole('button', { name: `Revoke ${xssName}` }).click();
      await dialog.getByRole('button', { name: 'Revoke key' }).click();
      await page.getByText(`Key “${xssName}” was revoked.`).waitFor();
      await expect.poll(() => row.count()).toBe(0);
      expect((await agentsWith(key)).status).toBe(401);
      await expectInert(page);
    } finally {
      await context.close();
    }
  });

  it('makes a publishable key for an app with its origins', async () => {
    const app = await parley.request('POST', '/v1/apps', {
      name: xssName,
      agents: [parley.running.demo.agentId],
    });
    const appId = ((await app.json()) as { id: string }).id;
    const { context, page } = await signedInPage(browser, parley.url, owner, { width: 390 });
    try {
      await page.goto(`${parley.url}/console/deploy/api-keys`);
      await page.getByLabel('Name').fill('Website');
      await page.getByText('Publishable: in a web page, one app or agent').click();
      await page.getByRole('combobox', { name: 'App or agent' }).selectOption(`app:${appId}`);
      await page.getByLabel('Allowed origins').fill('https://shop.example.com');
      await page.getByRole('button', { name: 'Generate key' }).click();
      const key = (await page.locator('[data-new-key]').textContent())?.trim() ?? '';
      expect(key).toMatch(/^pk_/);
      const listed = (await (await parley.request('GET', '/v1/keys?limit=100')).json()) as {
        data: { name: string; kind: string; app_id: string; allowed_origins: string[] }[];
      };
      expect(listed.data.find((entry) => entry.name === 'Website')).toMatchObject({
        kind: 'publishable',
        app_id: appId,
        allowed_origins: ['https://shop.example.com'],
      });
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-keys-page', 'keys page at 390 px');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('support staff see no Keys or Webhooks, and the API refuses them', async () => {
    const agent = await createOperator(parley, { role: 'agent' });
    const { context, page } = await signedInPage(browser, parley.url, agent);
    try {
      await page.goto(`${parley.url}/console/`);
      const navigation = page.getByRole('navigation', { name: 'Main' });
      await navigation.getByRole('link', { name: 'Conversations' }).waitFor();
      for (const name of ['API Keys', 'Webhooks', 'Channels', 'Analytics'])
        expect(await navigation.getByRole('link', { name }).count()).toBe(0);
      await page.goto(`${parley.url}/console/deploy/api-keys`);
      await page.getByText('Your role cannot open this page.').waitFor();
      // Conversations stay open to them.
      await page.goto(`${parley.url}/console/conversations`);
      await page.getByRole('heading', { level: 2, name: 'Results' }).waitFor();
      await expectAccessibleInBothThemes(
        page,
        'console-conversations-page',
        'conversations as support staff',
      );
    } finally {
      await context.close();
    }
    for (const pathname of ['/v1/keys', `/v1/apps/${parley.running.demo.appId}/webhooks`, '/v1/channels']) {
      const response = await fetch(`${parley.url}${pathname}`, {
        headers: { cookie: agent.cookie, 'x-parley-console': '1' },
      });
      expect(response.status).toBe(403);
    }
    const transcripts = await fetch(`${parley.url}/v1/transcripts`, {
      headers: { cookie: agent.cookie, 'x-parley-console': '1' },
    });
    expect(transcripts.status).toBe(200);
  });
});
