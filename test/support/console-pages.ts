/** What the console page tests share: a signed-in browser page, axe over the console, XSS traps. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { describeViolations, runAxe } from './axe.js';
import { sessionCookieOf } from './console.js';

/** Markup that would run if the console wrote data as HTML: it sets `window.__pwned`. */
export const xssName = '<img src=x onerror="window.__pwned=1">"><script>window.__pwned=2</script>';

/**
 * A fresh browser context and page on the console's server. `bypassCSP` only so that axe-core can
 * be injected: the console's own code runs as it would under the CSP. `permissions`: the clipboard.
 */
export async function consoleBrowserPage(
  browser: Browser,
  baseUrl: string,
  options: { permissions?: string[]; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    bypassCSP: true,
    viewport: { width: options.width ?? 1280, height: 900 },
  });
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: baseUrl });
  return { context, page: await context.newPage() };
}

/**
 * A browser page signed in as `credentials`: the console's sign-in call (the request its form
 * makes), its session cookie handed to a fresh browser context.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  credentials: { email: string; password: string },
  options: { permissions?: string[]; width?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const signIn = await fetch(`${baseUrl}/v1/console/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parley-console': '1', origin: baseUrl },
    body: JSON.stringify({ email: credentials.email, password: credentials.password }),
  });
  expect(signIn.status).toBe(200);
  const cookie = sessionCookieOf(signIn);
  if (!cookie) throw new Error('sign-in set no cookie');
  const opened = await consoleBrowserPage(browser, baseUrl, options);
  await opened.context.addCookies([{ name: 'parley_console', value: cookie, url: baseUrl }]);
  return opened;
}

/**
 * Runs axe-core over the whole console, the shell and the open page (`tag`, named for the failure
 * message), shadow roots included, and expects no violation.
 */
export async function expectNoAxeViolations(page: Page, tag: string, label: string): Promise<void> {
  await page.locator(tag).waitFor();
  const { violations } = await runAxe(page, [['parley-console']]);
  expect(violations, `${label} (${tag})\n${describeViolations(violations)}`).toEqual([]);
}

/** axe in light and in dark. */
export async function expectAccessibleInBothThemes(page: Page, tag: string, label: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoAxeViolations(page, tag, `${label} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Whether any XSS trap fired, and how many `<img src=x>` the console's shadow roots hold. */
export async function expectInert(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    const roots: (Document | ShadowRoot)[] = [document];
    let images = 0;
    while (roots.length > 0) {
      const root = roots.pop() as Document | ShadowRoot;
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) roots.push(element.shadowRoot);
        if (element.tagName === 'IMG' && element.getAttribute('src') === 'x') images += 1;
        if (element.tagName === 'SCRIPT' && element.textContent?.includes('__pwned')) images += 1;
      }
    }
    return { pwned: (window as unknown as { __pwned?: number }).__pwned ?? null, images };
  });
  expect(found).toEqual({ pwned: null, images: 0 });
}
