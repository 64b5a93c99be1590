/**
 * Issue 11, every console page for every role: reached from the navigation with the keyboard only
 * (Tab and Enter, at desktop width and through the phone's menu), each shows its heading, and axe
 * finds nothing in light and dark. A support-staff (`agent`) account sees only its pages, and a
 * manager page opened by its address says the role cannot open it while the API answers 403.
 * The pages are read from the navigation the console shows, so a page added later is covered too.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './support/axe.js';
import { launchChromium } from './support/browser.js';
import { consoleRequest, createOperator, type OperatorCredentials } from './support/console.js';
import { signedInPage } from './support/console-pages.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

let parley: ParleyHarness;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let owner: OperatorCredentials;
let supportAgent: OperatorCredentials;

beforeAll(async () => {
  parley = await startParleyHarness({ model: 'offline' });
  owner = await createOperator(parley, { role: 'owner', name: 'Olive Owner' });
  supportAgent = await createOperator(parley, { role: 'agent', name: 'Sam Support' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await parley?.stop();
});

/** Presses Tab until `target` has the focus, at most 120 times (keyboard only). */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let presses = 0; presses < 120; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((element) => element.matches(':focus')).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${String(target)}`);
}

/** The navigation's links as the console shows them: label and path. */
async function navigationLinks(page: Page): Promise<{ label: string; href: string }[]> {
  const links = page.locator('nav#console-navigation a');
  await links.first().waitFor({ state: 'attached' });
  return links.evaluateAll((anchors) =>
    anchors.map((anchor) => ({
      label: (anchor.textContent ?? '').trim(),
      href: new URL((anchor as HTMLAnchorElement).href).pathname,
    })),
  );
}

async function expectNoViolations(page: Page, label: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await runAxe(page, [['parley-console']]);
    expect(violations, `${label} (${colorScheme})\n${describeViolations(violations)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Opens every page of the navigation with Tab and Enter, and checks each. */
async function visitEveryPage(operator: OperatorCredentials): Promise<string[]> {
  const { context, page } = await signedInPage(browser, parley.url, operator);
  try {
    await page.goto(`${parley.url}/console/home`);
    const links = await navigationLinks(page);
    for (const { label, href } of links) {
      const link = page.locator('nav#console-navigation a', { hasText: label }).first();
      // Start each walk from the top of the document, as a keyboard user arriving would.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await tabTo(page, link);
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe(href);
      await expect.poll(() => link.getAttribute('aria-current')).toBe('page');
      await page.locator('parley-console main h1').first().waitFor();
      // Empty alert regions wait for a failure to announce; one with words means the page failed.
      const alerts = (await page.locator('parley-console main [role="alert"]').allTextContents()).filter(
        (text) => text.trim() !== '',
      );
      expect({ href, alerts }).toEqual({ href, alerts: [] });
      await expectNoViolations(page, `${operator.role} on ${href}`);
    }
    return links.map((link) => link.href);
  } finally {
    await context.close();
  }
}

describe('every console page, every role', () => {
  it('an owner reaches every page with the keyboard; each has its heading and axe finds nothing', async () => {
    const paths = await visitEveryPage(owner);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/console/inbox',
        '/console/conversations',
        '/console/analytics',
        '/console/deploy/api-keys',
        '/console/deploy/webhooks',
        '/console/deploy/channels',
      ]),
    );
    // Twelve pages, each walked by keyboard and checked by axe in two themes: slow on a loaded machine.
  }, 120_000);

  it('support staff see the inbox and conversations only; a manager page refuses them, so does its API', async () => {
    const paths = await visitEveryPage(supportAgent);
    expect(paths).toEqual(expect.arrayContaining(['/console/inbox', '/console/conversations']));
    expect(
      paths.filter((path) => /api-keys|webhooks|channels|analytics|agents|knowledge|apps|team/.test(path)),
    ).toEqual([]);

    const { context, page } = await signedInPage(browser, parley.url, supportAgent);
    try {
      await page.goto(`${parley.url}/console/deploy/api-keys`);
      await expect(page.locator('parley-console main [role="alert"]').textContent()).resolves.toContain(
        'Your role cannot open this page',
      );
      await expect(page.getByRole('button', { name: 'Generate key' }).count()).resolves.toBe(0);
    } finally {
      await context.close();
    }
    const appId = parley.running.demo.appId;
    for (const pathname of ['/v1/keys', `/v1/apps/${appId}/webhooks`, '/v1/agents', '/v1/datastores']) {
      const answer = await consoleRequest(parley.url, supportAgent.cookie, 'GET', pathname);
      expect({ pathname, status: answer.status }).toEqual({ pathname, status: 403 });
    }
  });

  it('says an unknown console address has no page, rather than showing another', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner);
    try {
      await page.goto(`${parley.url}/console/api-keys`);
      await expect
        .poll(() => page.locator('parley-console main [role="alert"]').textContent())
        .toBe('There is no page here.');
      expect(new URL(page.url()).pathname).toBe('/console/api-keys');
    } finally {
      await context.close();
    }
  });

  it('on a phone, the menu opens with the keyboard and takes an operator to a page', async () => {
    const { context, page } = await signedInPage(browser, parley.url, owner, { width: 390 });
    try {
      await page.goto(`${parley.url}/console/home`);
      const menu = page.locator('parley-console .menu-button');
      await tabTo(page, menu);
      await page.keyboard.press('Enter');
      await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
      const keys = page.locator('nav#console-navigation a', { hasText: 'API Keys' });
      await expect(keys.isVisible()).resolves.toBe(true);
      await tabTo(page, keys);
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe('/console/deploy/api-keys');
      await page.getByRole('button', { name: 'Generate key' }).waitFor();
      await expectNoViolations(page, 'API Keys at 390 px');
    } finally {
      await context.close();
    }
  });
});
