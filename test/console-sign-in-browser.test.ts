/**
 * Issue 11, in Chromium: the first visit asks for the admin key, sign-in through the form, the team
 * page (invite link shown once, roles, removal), an invite accepted in another browser, the support
 * agent's narrower navigation, at 390 px, light and dark, with axe and XSS-shaped names.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AxeResults, describeViolations } from './support/axe.js';
import { collectPageErrors, launchChromium } from './support/browser.js';
import { signInConsole, waitForSignedIn } from './support/console.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const xssName = '<img src=x onerror="window.__xss=1">"><script>window.__xss=2</script>';
const owner = { email: 'owner@example.com', password: 'the owner passphrase 1' };

/** axe on the whole console, shadow roots included (evaluated over the debugging protocol: the CSP stays on). */
async function consoleViolations(page: Page): Promise<string> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<unknown> } })
      .axe;
    // `skip-link`: axe looks for the link's target in the document, not in the shell's shadow root
    // where `#console-main` is (the shell's own test covers its skip link).
    const options = { resultTypes: ['violations'], rules: { 'skip-link': { enabled: false } } };
    return (await axe.run({ include: [['parley-console']] }, options)) as AxeResults;
  });
  return describeViolations(results.violations);
}

/** A browser context whose waits give up after 10 s, so a failure names what it waited for. */
let openContext: (options?: Parameters<Browser['newContext']>[0]) => Promise<BrowserContext>;

async function expectAccessible(page: Page): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    expect(await consoleViolations(page), scheme).toBe('');
  }
}

describe('console sign-in in Chromium', () => {
  let harness: ParleyHarness;
  let browser: Browser;
  beforeAll(async () => {
    harness = await startParleyHarness({ model: 'offline' });
    browser = await launchChromium();
    openContext = async (options) => {
      const context = await browser.newContext(options);
      context.setDefaultTimeout(10_000);
      return context;
    };
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('asks for the admin key on the first visit, refuses a wrong one, and never offers setup again', async () => {
    const context = await openContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const answer = await page.goto(`${harness.url}/console/`);
    expect(answer?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(answer?.headers()['content-security-policy']).not.toMatch(/unsafe-inline/);

    await page.getByLabel('Admin key').waitFor();
    await expectAccessible(page);
    await page.getByLabel('Admin key').fill('sk_this_is_not_the_key_0123456789');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Name').fill(xssName);
    await page.getByLabel('Password', { exact: true }).fill(owner.password);
    await page.getByRole('button', { name: 'Create owner and sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/not the admin key/);

    await page.getByLabel('Admin key').fill(harness.adminKey);
    await page.getByRole('button', { name: 'Create owner and sign in' }).click();
    await waitForSignedIn(page);
    await expect.poll(() => page.getByRole('link', { name: 'Team' }).count()).toBe(1);

    await page.goto(`${harness.url}/console/setup`);
    await page.getByText('Parley console').first().waitFor();
    expect(await page.getByLabel('Admin key').count()).toBe(0);
    // The shell asks who is signed in (401 before sign-in): the browser logs that refusal; nothing else.
    expect(errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([]);
    await context.close();
  });

  it('signs in through the form, says what to do on a wrong password, and signs out', async () => {
    const context = await openContext();
    const page = await context.newPage();
    await page.goto(`${harness.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Admin key').count()).toBe(0);
    await expectAccessible(page);
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password', { exact: true }).fill('not my password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/not right\. Check both and try again/);

    await signInConsole(page, harness.url, owner);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'parley_console')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });

    await page.getByText('Account').click();
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('invites a support agent from the Team page; the agent joins in another browser and sees no Team', async () => {
    const ownerContext = await openContext({ viewport: { width: 390, height: 800 } });
    await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.url });
    const ownerPage = await ownerContext.newPage();
    await signInConsole(ownerPage, harness.url, owner);
    await ownerPage.goto(`${harness.url}/console/team`);
    await ownerPage.getByRole('heading', { name: 'Team' }).waitFor();
    await ownerPage.getByRole('cell', { name: owner.email }).waitFor();
    expect(await ownerPage.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

    await ownerPage.getByLabel('Email').fill('sam@example.com');
    await ownerPage.getByLabel('Role', { exact: true }).selectOption('agent');
    await ownerPage.getByRole('button', { name: 'Create invite link' }).click();
    const link = ownerPage.getByLabel('Invite link for sam@example.com');
    await link.waitFor();
    const inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(/\/console\/invite\/inv_/);
    await ownerPage.getByText(/sam@example\.com as Support agent, until/).waitFor();
    await ownerPage.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => ownerPage.evaluate(() => navigator.clipboard.readText())).toBe(inviteUrl);
    await expectAccessible(ownerPage);

    const agentContext = await openContext();
    const agentPage = await agentContext.newPage();
    await agentPage.goto(inviteUrl);
    await agentPage.getByText('You are invited as Support agent with the email sam@example.com').waitFor();
    await expectAccessible(agentPage);
    await agentPage.getByLabel('Name').fill('Sam');
    await agentPage.getByLabel('Password', { exact: true }).fill('sam password 123');
    await agentPage.getByRole('button', { name: 'Join and sign in' }).click();
    await waitForSignedIn(agentPage);
    expect(await agentPage.getByRole('link', { name: 'Team' }).count()).toBe(0);
    await agentPage.goto(`${harness.url}/console/team`);
    await agentPage.getByText('Your role cannot open this page').waitFor();

    await agentPage.goto(inviteUrl);
    await agentPage.getByText('Parley console').first().waitFor();
    await ownerPage.reload();
    await ownerPage.getByText('No invite is waiting.').waitFor();

    // The owner makes Sam an admin, then removes Sam: Sam's console answers as signed out.
    await ownerPage.reload();
    await ownerPage.getByLabel('Role of Sam').selectOption('admin');
    await ownerPage.getByText('Sam is now Admin.').waitFor();
    await ownerPage.getByRole('button', { name: 'Remove Sam' }).click();
    await ownerPage.getByRole('button', { name: 'Yes, remove' }).click();
    await ownerPage.getByText('Sam was removed.').waitFor();
    expect(await ownerPage.getByRole('cell', { name: 'sam@example.com' }).count()).toBe(0);
    await agentPage.goto(`${harness.url}/console/`);
    await agentPage.getByRole('button', { name: 'Sign in' }).waitFor();
    await agentContext.close();
    await ownerContext.close();
  });

  it('signs in with the keyboard alone: Tab to each field, Enter to send', async () => {
    const context = await openContext();
    const page = await context.newPage();
    await page.goto(`${harness.url}/console/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(owner.password);
    await page.keyboard.press('Enter');
    await waitForSignedIn(page);
    await context.close();
  });

  it('tells a person whose invite link was used already what to do', async () => {
    const context = await openContext();
    const page = await context.newPage();
    await page.goto(`${harness.url}/console/invite/inv_doesNotExist0123456789abcdef`);
    await page.getByText('This invite link cannot be used').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/Ask an owner or admin for a new one/);
    await context.close();
  });
});
