/**
 * Issue 11: the README shows the console as a user sees it, with screenshots made by this test run
 * (`docs/screenshots/console-*.png`): the inbox with a visitor waiting for a person, the demo agent's
 * editor, the demo datastore, the demo app with its Embed, Deploy → API Keys and Analytics, signed in
 * as the owner made from PARLEY_ADMIN_EMAIL/PASSWORD.
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { signedInPage } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const screenshots = path.resolve(fileURLToPath(import.meta.url), '../../docs/screenshots');
const owner = { email: 'owner@example.com', password: 'a long owner password 42' };
let parley: ParleyHarness;
let browser: Browser;

beforeAll(async () => {
  parley = await startParleyHarness({
    model: 'offline',
    environment: { PARLEY_ADMIN_EMAIL: owner.email, PARLEY_ADMIN_PASSWORD: owner.password },
  });
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await parley?.stop();
});

/** A visitor of the demo shop asks a question, then for a person. */
async function visitorAsksForAPerson(): Promise<void> {
  const { appId } = parley.running.demo;
  const ask = async (message: string, sessionId?: string) => {
    const response = await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message,
      ...(sessionId ? { session_id: sessionId } : { metadata: { name: 'Ada Lovelace', plan: 'Pro' } }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { session_id: string }).session_id;
  };
  const sessionId = await ask('How long does shipping take?');
  await ask('I would like to talk to a person, please', sessionId);
}

describe('console screenshots for the README', () => {
  it('shows the inbox, an agent, a datastore, an app, API keys and analytics as the owner sees them', async () => {
    await visitorAsksForAPerson();
    const { context, page } = await signedInPage(browser, parley.url, owner, { width: 1280 });
    try {
      const { agentId, appId } = parley.running.demo;
      const datastores = (await (await parley.request('GET', '/v1/datastores')).json()) as {
        data: { id: string }[];
      };
      const datastoreId = datastores.data[0]?.id ?? '';
      const shots: [string, RegExp, string][] = [
        ['inbox', /^Inbox$/, 'console-inbox.png'],
        [`agents/${agentId}`, /./, 'console-agents.png'],
        [`knowledge/${datastoreId}`, /./, 'console-knowledge.png'],
        [`apps/${appId}`, /./, 'console-apps.png'],
        ['deploy/api-keys', /^API Keys$/, 'console-api-keys.png'],
        ['analytics', /^Analytics$/, 'console-analytics.png'],
      ];
      for (const [pathname, heading, file] of shots) {
        await page.goto(`${parley.url}/console/${pathname}`);
        await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
        if (pathname === 'inbox') {
          // The conversation that asked for a person is listed, and opens with its transcript.
          await page.getByText('Ada Lovelace').first().click();
          await page.getByText('How long does shipping take?').first().waitFor();
        }
        await page.waitForLoadState('networkidle');
        const target = path.join(screenshots, file);
        await page.screenshot({ path: target });
        expect(statSync(target).size).toBeGreaterThan(10_000);
      }
    } finally {
      await context.close();
    }
  });
});
