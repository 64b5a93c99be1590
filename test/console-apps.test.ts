/**
 * Issue 11, Apps: a manager makes an app, sets its agents, routing, greeting, starter prompts and
 * session length; in Embed makes a publishable key allowing a website's origin, chooses the
 * widget's look, sees it live in the preview (and chats there), copies the one script tag; the tag
 * pasted into a plain page on another origin chats. App names with markup show as text. Support
 * staff get no entry. Real server, real Chromium.
 */
import type { Browser, FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { consoleRequest, createOperator } from './support/console.js';
import { expectAccessibleInBothThemes, expectInert, signedInPage, xssName } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { type HostSite, launcher, newVisitor, startHostSite, waitForAnswer } from './support/widget-page.js';

const owner = { email: 'owner@example.com', password: 'a long owner password 42' };
let parley: ParleyHarness;
let browser: Browser;
let site: HostSite;

beforeAll(async () => {
  parley = await startParleyHarness({
    model: 'offline',
    environment: { PARLEY_ADMIN_EMAIL: owner.email, PARLEY_ADMIN_PASSWORD: owner.password },
  });
  browser = await launchChromium();
  site = await startHostSite(parley);
});

afterAll(async () => {
  await site?.close();
  await browser?.close();
  await parley?.stop();
});

interface StoredApp {
  id: string;
  name: string;
  agents: string[];
  routing: string;
  greeting: string | null;
  starter_prompts: string[];
  session_ttl_seconds: number;
}

/** Chats in the widget inside a frame (the console's preview), whose message box is labelled `inputLabel`. */
async function chatInFrame(frame: FrameLocator, question: string, inputLabel: string): Promise<string> {
  await frame.locator('parley-launcher').getByRole('button').click();
  const chat = frame.locator('parley-chat');
  const input = chat.getByLabel(inputLabel);
  await input.fill(question);
  await input.press('Enter');
  const answer = chat.locator('ol.list > li.message.assistant.done').first();
  await answer.waitFor({ timeout: 15_000 });
  return (await answer.textContent()) ?? '';
}

// Browser tests on a machine shared with others: a minute each, well above their usual 3 to 11 s.
describe('Apps', { timeout: 60_000 }, () => {
  it('makes an app, edits it, makes a key, previews and copies the embed tag that chats from another site', async () => {
    const demoAgent = (await (
      await parley.request('GET', `/v1/agents/${parley.running.demo.agentId}`)
    ).json()) as { id: string; name: string };
    const { context, page } = await signedInPage(browser, parley.url, owner, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    context.setDefaultTimeout(10_000);
    try {
      await page.goto(`${parley.url}/console/`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' }).click();
      await page.getByRole('heading', { level: 1, name: 'Apps' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/apps');
      await expectAccessibleInBothThemes(page, 'console-apps-page', 'apps list');

      await page.getByLabel('Name').fill('Shop assistant');
      await page.getByRole('button', { name: 'Make app' }).click();
      await page.getByRole('heading', { level: 1, name: 'Shop assistant' }).waitFor();
      const appId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
      expect(appId).toMatch(/^app_/);

      // Settings: agents and routing, greeting, starter prompts, session length.
      const editor = page.locator('console-app-editor');
      await editor.getByRole('checkbox', { name: demoAgent.name }).check();
      await editor.getByText('First: the first agent answers everything').click();
      await editor.getByLabel('Greeting (optional)').fill('Hi! Ask me about orders and returns.');
      await editor
        .getByLabel('Starter prompts (optional, one a line, up to 10)')
        .fill('Where is my order?\nHow do returns work?');
      await editor.getByLabel('Session length, in minutes').fill('30');
      await editor.getByRole('button', { name: 'Save' }).click();
      await editor.getByText('App “Shop assistant” was saved.').waitFor();
      const stored = (await (await parley.request('GET', `/v1/apps/${appId}`)).json()) as StoredApp;
      expect(stored).toMatchObject({
        agents: [demoAgent.id],
        routing: 'first',
        greeting: 'Hi! Ask me about orders and returns.',
        starter_prompts: ['Where is my order?', 'How do returns work?'],
        session_ttl_seconds: 1800,
      });

      // Embed: a new key allowing the website and this console (for the preview).
      const embed = page.locator('console-embed');
      expect(await embed.getByRole('combobox', { name: 'Key', exact: true }).inputValue()).toBe('new');
      await embed.getByLabel('Allowed origins').fill(`${new URL(parley.url).origin}\n${site.origin}`);
      await embed.getByRole('button', { name: 'Make key' }).click();
      await embed.getByText(/Key “Website widget” was made/).waitFor();
      const key = await embed.getByLabel('The key (pk_…)').inputValue();
      expect(key).toMatch(/^pk_/);
      const keys = (await (await parley.request('GET', '/v1/keys?limit=100')).json()) as {
        data: { name: string; app_id: string | null; allowed_origins: string[] }[];
      };
      expect(keys.data.find((entry) => entry.app_id === appId)).toMatchObject({
        name: 'Website widget',
        allowed_origins: [new URL(parley.url).origin, site.origin],
      });

      // The look: dark, on the left, a brand colour, French.
      await embed.getByText('Dark', { exact: true }).click();
      await embed.getByText('Left', { exact: true }).click();
      await embed.getByLabel('Accent colour (optional)').fill('#0b57d0');
      await embed.getByLabel('Language (optional)').fill('fr');
      await embed.getByLabel('Language (optional)').press('Tab');
      const snippet = (await embed.locator('[data-embed-snippet]').textContent())?.trim() ?? '';
      expect(snippet).toBe(
        `<script src="${parley.url}/widget.js" data-app="${appId}" data-key="${key}" data-theme="dark" ` +
          'data-position="left" data-accent="#0b57d0" data-lang="fr" async></script>',
      );
      await embed.getByRole('button', { name: 'Copy', exact: true }).click();
      await embed.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

      // The live preview: the widget with those options, chatting with this app.
      const frameElement = embed.locator('iframe[title="Widget preview"]');
      await expect
        .poll(async () =>
          new URL((await frameElement.getAttribute('src')) ?? '', parley.url).searchParams.get('lang'),
        )
        .toBe('fr');
      const preview = page.frameLocator('iframe[title="Widget preview"]');
      const script = preview.locator('script[src="/widget.js"]');
      expect(await script.getAttribute('data-key')).toBe(key);
      expect(await script.getAttribute('data-theme')).toBe('dark');
      expect(await script.getAttribute('data-position')).toBe('left');
      await frameElement.scrollIntoViewIfNeeded();
      // French was chosen: the preview's widget speaks it.
      expect(await chatInFrame(preview, 'What can you do?', 'Votre message')).not.toBe('');
      await expectAccessibleInBothThemes(page, 'console-apps-page', 'app with embed');

      // The copied tag in a plain page on another origin, which the key allows: a visitor chats.
      const url = site.serve(
        '/plain.html',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Our shop</h1>${snippet}</body></html>`,
      );
      const visitor = await newVisitor(browser);
      try {
        const visitorPage = await visitor.newPage();
        await visitorPage.goto(url);
        // The tag says data-lang="fr": the visitor's chat is in French.
        await launcher(visitorPage).click();
        const message = visitorPage.locator('parley-chat').getByLabel('Votre message');
        await message.fill('What can you do?');
        await message.press('Enter');
        expect((await waitForAnswer(visitorPage)).length).toBeGreaterThan(0);
        const sessions = (await (await parley.request('GET', `/v1/apps/${appId}/sessions`)).json()) as {
          data: unknown[];
        };
        expect(sessions.data.length).toBeGreaterThanOrEqual(1);
      } finally {
        await visitor.close();
      }
    } finally {
      await context.close();
    }
  });

  it('picks an existing key of the app, and shows app names with markup as text', async () => {
    const made = await parley.request('POST', '/v1/apps', {
      name: xssName,
      agents: [parley.running.demo.agentId],
    });
    const appId = ((await made.json()) as { id: string }).id;
    const keyMade = await parley.request('POST', '/v1/keys', {
      name: 'Existing site key',
      kind: 'publishable',
      app_id: appId,
      allowed_origins: ['https://shop.example.com'],
    });
    const existing = (await keyMade.json()) as { key: string; masked: string };
    const { context, page } = await signedInPage(browser, parley.url, owner, { width: 390 });
    try {
      await page.goto(`${parley.url}/console/apps`);
      await page.getByRole('link', { name: xssName }).click();
      await page.getByRole('heading', { level: 1, name: xssName }).waitFor();
      const embed = page.locator('console-embed');
      const choice = embed.getByRole('combobox', { name: 'Key', exact: true });
      await expect.poll(() => choice.locator('option:checked').textContent()).toContain('Existing site key');
      expect((await embed.locator('[data-embed-snippet]').textContent())?.trim()).toContain(
        'data-key="pk_…"',
      );
      await embed.getByLabel('The key (pk_…)').fill(existing.key);
      expect((await embed.locator('[data-embed-snippet]').textContent())?.trim()).toContain(
        `data-app="${appId}" data-key="${existing.key}" async`,
      );
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-apps-page', 'app at 390 px');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('serves the preview page with only the options the widget knows, framable by this server only', async () => {
    const response = await fetch(
      `${parley.url}/embed-preview?app=app_x&key=${encodeURIComponent('pk_"><script>alert(1)</script>')}` +
        `&theme=neon&position=left&accent=${encodeURIComponent('red" onload="x')}&lang=fr`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const page = await response.text();
    expect(page).not.toContain('alert(1)');
    expect(page).toMatch(
      /data-app="app_x"\s+data-key=""\s+data-theme="light"\s+data-position="left"\s+data-accent=""\s+data-lang="fr"/,
    );
  });

  it('support staff cannot open Apps, and the API refuses them', async () => {
    const agent = await createOperator(parley, { role: 'agent' });
    const { context, page } = await signedInPage(browser, parley.url, agent);
    try {
      await page.goto(`${parley.url}/console/apps`);
      await page.getByText('Your role cannot open this page.').waitFor();
    } finally {
      await context.close();
    }
    expect((await consoleRequest(parley.url, agent.cookie, 'GET', '/v1/apps')).status).toBe(403);
    expect((await consoleRequest(parley.url, agent.cookie, 'POST', '/v1/apps', { name: 'x' })).status).toBe(
      403,
    );
    expect(
      (
        await consoleRequest(parley.url, agent.cookie, 'PATCH', `/v1/apps/${parley.running.demo.appId}`, {
          greeting: 'x',
        })
      ).status,
    ).toBe(403);
  });
});
