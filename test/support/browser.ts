import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with no background traffic (the machine has no internet). */
export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Console errors and uncaught exceptions of a page, for a test to expect none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export interface HostSite {
  /** e.g. `http://127.0.0.1:PORT`; the same server is another origin as `http://localhost:PORT`. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A website on its own origin (a real server on 127.0.0.1, as Chromium only
 * lets loopback pages reach the loopback Parley), answering every path with
 * the page `render` makes for its origin, and the given headers (a CSP).
 */
export async function startHostSite(
  render: (origin: string) => string,
  headers: (origin: string) => Record<string, string> = () => ({}),
): Promise<HostSite> {
  const server = createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers(origin) });
    response.end(render(origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Records the widget's DOM events (`parley:*`) and CSP violations in
 * `window.__parleyEvents` / `window.__cspViolations`, from before any script runs.
 */
export async function recordWidgetEvents(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const events: { type: string; detail: unknown }[] = [];
    const violations: string[] = [];
    Object.assign(window, { __parleyEvents: events, __cspViolations: violations });
    for (const type of [
      'parley:open',
      'parley:close',
      'parley:message',
      'parley:escalated',
      'parley:ready',
    ]) {
      document.addEventListener(type, (event) =>
        events.push({ type, detail: (event as CustomEvent).detail }),
      );
    }
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
}

export function widgetEvents(page: Page): Promise<{ type: string; detail: Record<string, unknown> }[]> {
  return page.evaluate(
    () =>
      (window as unknown as { __parleyEvents: { type: string; detail: Record<string, unknown> }[] })
        .__parleyEvents,
  );
}

export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}
