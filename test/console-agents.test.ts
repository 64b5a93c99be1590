/**
 * Issue 11, the console's Agents area in a real Chromium against a real server: create an agent with
 * the keyboard only, edit its prompt and see the preview fill the placeholders as the engine does,
 * add an HTTP tool and Test it against a local tool server (through the API's guarded tool path),
 * connect a datastore holding a PDF and see the playground cite its page, make a share link, copy
 * it, open it, revoke it. Support staff get no entry and a 403 from the API. axe 0 in light and dark;
 * names with markup stay text.
 */
import type { Agent } from '@parley/contract';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createOperator } from './support/console.js';
import { expectAccessibleInBothThemes, expectInert, signedInPage } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { startToolServer, type ToolServer } from './support/tool-server.js';

const owner = { email: 'agents-owner@example.com', password: 'an agents owner password 42' };
const markupName = '<img src=x onerror=alert(1)>';
let parley: ParleyHarness;
let browser: Browser;
let toolServer: ToolServer;
let datastoreId: string;
/** The agent the keyboard made, used by the tests after it. */
let agentId = '';

/** A five-page return policy where only page 3 states the laptop rule (as the knowledge tests have it). */
async function returnPolicyPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    'Acme return policy. This document explains how returns work at Acme.',
    'Shipping: orders leave our warehouse within two business days.',
    'Electronics. Laptops can be returned within 45 days of delivery. The laptop must include its charger.',
    'Clothing can be exchanged for another size at any store.',
    'Contact: write to support@acme.example for anything else.',
  ];
  for (const text of pages) pdf.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 11, font });
  return pdf.save();
}

beforeAll(async () => {
  parley = await startParleyHarness({
    model: 'offline',
    environment: {
      PARLEY_ADMIN_EMAIL: owner.email,
      PARLEY_ADMIN_PASSWORD: owner.password,
      // The tool server listens on 127.0.0.1.
      PARLEY_ALLOW_PRIVATE_URLS: '1',
    },
  });
  toolServer = await startToolServer();
  browser = await launchChromium();
  datastoreId = (await (await parley.request('POST', '/v1/datastores', { name: 'Policies' })).json()).id;
  const form = new FormData();
  form.append(
    'file',
    new Blob([Buffer.from(await returnPolicyPdf())], { type: 'application/pdf' }),
    'return-policy.pdf',
  );
  const uploaded = await fetch(`${parley.url}/v1/datastores/${datastoreId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${parley.adminKey}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  await parley.running.engine.documents.settled();
});

afterAll(async () => {
  await browser?.close();
  await toolServer?.close();
  await parley?.stop();
});

/** The focused element inside shadow roots: its id, or its text. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.id || active?.textContent?.trim() || '';
  });
}

/** Presses Tab until the focused element is `name` (its id or its text); fails when it never is. */
async function tabTo(page: Page, name: string): Promise<void> {
  for (let presses = 0; presses < 80; presses += 1) {
    if ((await focusedName(page)) === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${name}`);
}

async function agentOf(id: string): Promise<Agent> {
  return (await (await parley.request('GET', `/v1/agents/${id}`)).json()) as Agent;
}

async function openAgent(page: Page): Promise<void> {
  await page.goto(`${parley.url}/console/agents/${agentId}`);
  await page.getByRole('heading', { level: 1, name: 'Agent: Returns helper' }).waitFor();
}

describe('Agents', () => {
  it('creates an agent with Tab and Enter only, and lists names with markup as text', async () => {
    await parley.request('POST', '/v1/agents', { name: markupName, description: 'Markup in its name' });
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await page.goto(`${parley.url}/console/`);
      const navigation = page.getByRole('navigation', { name: 'Main' });
      await navigation.getByRole('link', { name: 'Agents' }).click();
      await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/console/agents');
      // The agent named with markup is a link whose text is the markup.
      await page.getByRole('link', { name: markupName, exact: true }).waitFor();
      await expectInert(page);
      await expectAccessibleInBothThemes(page, 'console-agents-page', 'agents list');

      await tabTo(page, 'Create agent');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'New agent' }).waitFor();
      await tabTo(page, 'agent-name');
      await page.keyboard.type('Returns helper');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Answers questions about returns');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Agent: Returns helper' }).waitFor();
      await page.getByText('Agent “Returns helper” was created.').waitFor();
      // The keyboard goes on from the new agent's heading.
      await expect.poll(() => focusedName(page)).toBe('Agent: Returns helper');
      agentId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
      expect(agentId).toMatch(/^agt_/);
      expect(await agentOf(agentId)).toMatchObject({
        name: 'Returns helper',
        description: 'Answers questions about returns',
      });
    } finally {
      await context.close();
    }
  });

  it('previews the prompt with the sample metadata as the engine renders it, and saves it', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await openAgent(page);
      const preview = page.locator('[data-prompt-preview]');
      await page
        .getByLabel('System prompt')
        .fill(
          'Help {{memory.sessionMeta.metadata.userProfile.name}} ({{ memory.sessionMeta.user_id }}). Unknown: [{{memory.sessionMeta.metadata.nope}}] [{{constructor}}]',
        );
      await expect.poll(() => preview.textContent()).toBe('Help Ada (user_42). Unknown: [] []');
      const sample = page.getByLabel('Sample session metadata (JSON)');
      await sample.fill('{"metadata": {"userProfile": {"name": "<b>Grace</b>"}}}');
      await expect.poll(() => preview.textContent()).toBe('Help <b>Grace</b> (). Unknown: [] []');
      await sample.fill('{"metadata": ');
      await page.getByText(/^Not valid JSON:/).waitFor();
      await page.getByRole('button', { name: 'Save agent' }).click();
      await page.getByText('Agent “Returns helper” was saved.').waitFor();
      expect((await agentOf(agentId)).system_prompt).toContain(
        'Help {{memory.sessionMeta.metadata.userProfile.name}}',
      );
      await expectInert(page);
    } finally {
      await context.close();
    }
  });

  it('adds an HTTP tool, shows schema problems inline, and tests it against a local tool server', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await openAgent(page);
      await page.getByRole('button', { name: 'Add HTTP tool' }).click();
      const tool = page.locator('fieldset.tool');
      await tool.getByLabel('Tool name').fill('get_order');
      await tool.getByLabel('What it does (the model reads this)').fill('Looks up an order by its id');
      await tool.getByLabel('URL').fill(`${toolServer.url}/orders/{order_id}`);
      await tool.getByLabel('Method').selectOption('GET');
      const parameters = tool.getByLabel('Parameters (JSON Schema)');
      // The console's own check, as it is typed.
      await parameters.fill('{"type": "object", ');
      await tool.getByText(/^Not valid JSON:/).waitFor();
      await parameters.fill('{"type": "array"}');
      await tool.getByText('Must be a JSON Schema with "type": "object".').waitFor();
      expect(await parameters.getAttribute('aria-invalid')).toBe('true');
      // The server's check of the whole schema, shown at the same field.
      await parameters.fill('{"type": "object", "properties": {"order_id": {"type": "nonsense"}}}');
      await tool.getByLabel('Sample arguments (JSON)').fill('{"order_id": "A-1001"}');
      await tool.getByRole('button', { name: 'Test tool get_order' }).click();
      await tool.getByText(/is not a valid JSON Schema/).waitFor();
      expect(toolServer.requests).toHaveLength(0);

      await parameters.fill(
        '{"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}',
      );
      await tool.getByRole('button', { name: 'Test tool get_order' }).click();
      await tool.getByText('The tool answered with status 200.').waitFor();
      await expect.poll(() => tool.locator('[data-tool-test-result] pre').textContent()).toContain('shipped');
      expect(toolServer.requests.map((request) => request.path)).toEqual(['/orders/A-1001']);
      await expectAccessibleInBothThemes(page, 'console-agents-page', 'agent editor with a tested tool');

      // Arguments that do not fit the schema are not sent: the result says what the model would read.
      await tool.getByLabel('Sample arguments (JSON)').fill('{"order_id": 42}');
      await tool.getByRole('button', { name: 'Test tool get_order' }).click();
      await tool.getByText(/The tool failed: invalid arguments: \/order_id must be string/).waitFor();
      expect(toolServer.requests).toHaveLength(1);

      await page.getByRole('button', { name: 'Save agent' }).click();
      await page.getByText('Agent “Returns helper” was saved.').waitFor();
      expect((await agentOf(agentId)).tools).toEqual([
        expect.objectContaining({
          name: 'get_order',
          method: 'GET',
          url: `${toolServer.url}/orders/{order_id}`,
        }),
      ]);
    } finally {
      await context.close();
    }
  });

  it('connects a datastore and the playground answers with a page citation', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await openAgent(page);
      await page.getByLabel('Policies (1 documents)').check();
      await page.getByText('Datastore “Policies” was connected.').waitFor();
      expect((await agentOf(agentId)).datastores).toEqual([datastoreId]);

      const playground = page.locator('console-agent-playground');
      await playground.getByLabel('Message').fill('How long do I have to return a laptop?');
      await playground.getByRole('button', { name: 'Send' }).click();
      const citation = playground.locator('[data-citation]');
      await citation.first().waitFor();
      expect((await citation.first().textContent())?.trim()).toBe('return-policy.pdf, page 3');
      await expect.poll(() => playground.locator('li.assistant .content').textContent()).toContain('45 days');
      await expectAccessibleInBothThemes(page, 'console-agents-page', 'playground with a citation');
    } finally {
      await context.close();
    }
  });

  it('makes a share link, copies it, opens it, and revokes it after a confirmation', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    try {
      await openAgent(page);
      await page.getByLabel('Expires after (hours)').fill('24');
      await page.getByRole('button', { name: 'Create share link' }).click();
      await page.getByText('A share link was created.').waitFor();
      const url = ((await page.locator('[data-share-url]').textContent()) ?? '').trim();
      expect(url).toMatch(new RegExp(`/shared/${agentId}\\?token=st_`));
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.getByText('Copied to the clipboard.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

      const opening = context.waitForEvent('page');
      await page.getByRole('link', { name: 'Open link (in a new tab)' }).click();
      const shared = await opening;
      await shared.waitForLoadState();
      expect(await shared.title()).toContain('Returns helper');
      await shared.close();
      await expectAccessibleInBothThemes(page, 'console-agents-page', 'agent with a share link');

      await page.getByRole('button', { name: 'Revoke all share links' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke every share link of “Returns helper”?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Revoke links' }).click();
      await page.getByText('Every share link of “Returns helper” was revoked.').waitFor();
      expect(await page.locator('[data-share-url]').count()).toBe(0);
      expect((await fetch(url)).status).toBe(404);
    } finally {
      await context.close();
    }
  });

  it('fits a 390 px screen: the editor, then the playground, with no sideways scrolling', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner, { width: 390 });
    try {
      await openAgent(page);
      await page.getByRole('heading', { level: 2, name: 'Playground' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Datastores' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectAccessibleInBothThemes(page, 'console-agents-page', 'agent editor at 390 px');
      await expectInert(page);
    } finally {
      await context.close();
    }
  });

  it('gives support staff no entry, and the API refuses them', async () => {
    const support = await createOperator(parley, { role: 'agent' });
    const { context, page } = await signedInPage(browser, parley.url, support);
    try {
      await page.goto(`${parley.url}/console/`);
      const navigation = page.getByRole('navigation', { name: 'Main' });
      await navigation.getByRole('link', { name: 'Conversations' }).waitFor();
      expect(await navigation.getByRole('link', { name: 'Agents' }).count()).toBe(0);
      await page.goto(`${parley.url}/console/agents/${agentId}`);
      await page.getByText('Your role cannot open this page.').waitFor();
    } finally {
      await context.close();
    }
    const asSupport = (method: string, pathname: string, body?: unknown) =>
      fetch(`${parley.url}${pathname}`, {
        method,
        headers: {
          cookie: support.cookie,
          'x-parley-console': '1',
          origin: parley.url,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    expect((await asSupport('GET', '/v1/agents')).status).toBe(403);
    expect((await asSupport('GET', `/v1/agents/${agentId}`)).status).toBe(403);
    const test = await asSupport('POST', `/v1/agents/${agentId}/tools/test`, {
      tool: {
        type: 'http',
        name: 'get_order',
        description: 'Looks up an order',
        url: `${toolServer.url}/orders/{order_id}`,
        method: 'GET',
        parameters: { type: 'object' },
      },
      arguments: { order_id: 'A-2' },
    });
    expect(test.status).toBe(403);
    expect(toolServer.requests.map((request) => request.path)).not.toContain('/orders/A-2');
  });
});
