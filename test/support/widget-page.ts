/**
 * Helpers for the widget's browser acceptance tests: the demo page (or a variant of it with other
 * script-tag attributes), the chat's parts as a user finds them, and what the server stored.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import type { ScriptedReply } from './openai-server.js';
import { type HarnessOptions, type ParleyHarness, startParleyHarness } from './parley-harness.js';

/** The widget's DOM events as the host page heard them, recorded from the first script on. */
export interface RecordedParleyEvent {
  type: string;
  /** `window` or `document`: where the listener that heard it was. */
  on: 'window' | 'document';
  detail: Record<string, unknown>;
}

/** `window.Parley`, the host-page API of the loader. */
export interface ParleyHostApi {
  readonly version: string;
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
  setMetadata(metadata: Record<string, unknown>): void;
  reset(): void;
}

/**
 * The page's `window` with what these tests add (a cast, not a global declaration, so it cannot
 * clash with the widget's own or another test's).
 */
export type TestWindow = Window & {
  Parley?: ParleyHostApi;
  __parleyEvents?: RecordedParleyEvent[];
  __pwned?: unknown;
  __reportPwned?: (value: string) => void;
};

const parleyEventNames = [
  'parley:open',
  'parley:close',
  'parley:message',
  'parley:escalated',
  'parley:ready',
];

/** Records every `parley:*` event on `window` and on `document` into `window.__parleyEvents`. */
export async function recordParleyEvents(target: Page | BrowserContext): Promise<void> {
  await target.addInitScript((names: string[]) => {
    const events: RecordedParleyEvent[] = [];
    (window as TestWindow).__parleyEvents = events;
    for (const name of names) {
      window.addEventListener(name, (event) =>
        events.push({ type: name, on: 'window', detail: { ...(event as CustomEvent).detail } }),
      );
      document.addEventListener(name, (event) =>
        events.push({ type: name, on: 'document', detail: { ...(event as CustomEvent).detail } }),
      );
    }
  }, parleyEventNames);
}

/**
 * A fresh visitor (own storage) whose waits give up after 10 s, well inside a test's 30 s, so a
 * failure names what it waited for; `parley:*` events are recorded.
 */
export async function newVisitor(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(10_000);
  await recordParleyEvents(context);
  return context;
}

export interface DemoVariant {
  /** Attributes added to (or replacing those of) the demo page's `<script src="/widget.js">` tag. */
  script?: Record<string, string>;
  /** Markup added at the end of `<head>` (a host page's own styles). */
  head?: string;
  /** Attributes for `<html>` (`lang`, `dir`). */
  html?: Record<string, string>;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The demo page as the server renders it, with a website owner's changes to the script tag and head. */
export function changeDemoPage(html: string, variant: DemoVariant): string {
  let page = html;
  if (variant.head) page = page.replace('</head>', `${variant.head}\n</head>`);
  for (const [name, value] of Object.entries(variant.script ?? {})) {
    const tag = /<script\s+src="\/widget\.js"[\s\S]*?><\/script>/.exec(page)?.[0];
    if (!tag) throw new Error('The demo page has no <script src="/widget.js"> tag');
    const existing = new RegExp(`\\s${name}=("[^"]*"|'[^']*')`);
    const attribute = ` ${name}="${escapeAttribute(value)}"`;
    const changed = existing.test(tag)
      ? tag.replace(existing, attribute)
      : tag.replace('src="/widget.js"', `src="/widget.js"${attribute}`);
    page = page.replace(tag, changed);
  }
  for (const [name, value] of Object.entries(variant.html ?? {})) {
    page = page.replace(/<html([^>]*)>/, (_tag, attributes: string) => {
      const kept = attributes.replace(new RegExp(`\\s${name}="[^"]*"`), '');
      return `<html${kept} ${name}="${escapeAttribute(value)}">`;
    });
  }
  return page;
}

/** Opens the demo page (`/demo/`) as the server serves it, on the server's own origin. */
export async function gotoDemo(page: Page, parley: ParleyHarness): Promise<void> {
  await page.goto(`${parley.url}/demo/`);
}

/** The round launcher button (its name says open/close and how many answers are unread). */
export function launcher(page: Page): Locator {
  return page.locator('parley-launcher').getByRole('button');
}

export function chat(page: Page): Locator {
  return page.locator('parley-chat');
}

/** The panel: a dialog named by the chat's title. */
export function panel(page: Page): Locator {
  return chat(page).locator('.panel');
}

export function input(page: Page): Locator {
  return chat(page).getByLabel('Your message');
}

/** Messages of the conversation (not the greeting), optionally of one role. */
export function messages(page: Page, role?: 'user' | 'assistant' | 'human_agent' | 'notice'): Locator {
  return chat(page).locator(role ? `ol.list > li.message.${role}` : 'ol.list > li.message');
}

/** The text of a message's bubble, as a reader sees it. */
export function bubble(message: Locator): Locator {
  return message.locator('.bubble');
}

/**
 * The text of the `index`th assistant answer (-1: the last) without its activity (tool status,
 * typing dots): what has been written so far.
 */
export function answerText(page: Page, index = -1): Promise<string> {
  return page.evaluate((wanted) => {
    const root = document.querySelector('parley-chat')?.shadowRoot;
    const answers = Array.from(root?.querySelectorAll('ol.list > li.message.assistant .bubble') ?? []);
    const shown = answers.at(wanted);
    if (!shown) return '';
    return Array.from(shown.childNodes)
      .filter((node) => node instanceof Text || (node instanceof Element && !node.matches('.tool, .typing')))
      .map((node) => node.textContent ?? '')
      .join('')
      .trim();
  }, index);
}

/** Waits until the chat said it is connected and its conversation is loaded (`parley:ready`). */
export async function waitForReady(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    (window as TestWindow).__parleyEvents?.some((event) => event.type === 'parley:ready'),
  );
}

/** Clicks the launcher and waits for the message box. */
export async function openChat(page: Page): Promise<void> {
  await launcher(page).click();
  await input(page).waitFor();
}

/** Types a message and presses Enter, as a user does. */
export async function typeAndSend(page: Page, text: string): Promise<void> {
  await input(page).fill(text);
  await input(page).press('Enter');
}

/** Waits until the last assistant answer is finished (its state is `done`) and returns its text. */
export async function waitForAnswer(page: Page, count = 1, timeout = 15_000): Promise<string> {
  await chat(page)
    .locator(`ol.list > li.message.assistant.done >> nth=${count - 1}`)
    .waitFor({ timeout });
  return answerText(page, count - 1);
}

/** What the widget keeps in `localStorage` for an app (`parley:<app id>`), parsed. */
export async function storedThread(
  page: Page,
  appId: string,
): Promise<{ session_id?: string; pending?: unknown[] } | null> {
  const text = await page.evaluate((key) => localStorage.getItem(key), `parley:${appId}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Scripts the test model by question: a user message equal to a key gets that reply (each time it
 * is asked); anything else is echoed ("Echo: …"). Unlike a queue, an answer cannot go to the
 * wrong question or leak into the next test.
 */
export function answerQuestions(parley: ParleyHarness, replies: Record<string, ScriptedReply>): void {
  const server = parley.modelServer;
  if (!server) throw new Error('answerQuestions needs the openai test model');
  server.setDefault((request) => {
    const last = (request.body.messages ?? []).findLast((message) => message.role === 'user');
    const text = typeof last?.content === 'string' ? last.content : '';
    return replies[text] ?? { content: `Echo: ${text}` };
  });
}

/** Chat completion requests the model server received whose last user message is `text`. */
export function modelCallsFor(parley: ParleyHarness, text: string): number {
  return (parley.modelServer?.requests ?? []).filter((request) => {
    if (request.path !== '/v1/chat/completions') return false;
    const last = (request.body.messages ?? []).findLast((message) => message.role === 'user');
    return typeof last?.content === 'string' && last.content === text;
  }).length;
}

export interface StoredHistoryMessage {
  id: string;
  role: 'user' | 'assistant' | 'human_agent';
  content: string;
  author?: string;
  feedback?: { rating: 'up' | 'down' };
  citations?: { id: number; document_name: string; page_number: number }[];
}

export async function sessionHistory(
  parley: ParleyHarness,
  appId: string,
  sessionId: string,
): Promise<StoredHistoryMessage[]> {
  const response = await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
  if (!response.ok) throw new Error(`history: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { messages: StoredHistoryMessage[] }).messages;
}

/** The session as the server keeps it (metadata, escalation). */
export async function sessionRecord(parley: ParleyHarness, sessionId: string) {
  return parley.running.store.get('sessions', sessionId);
}

/** The session's `sessionMeta.metadata`, as stored (in its own record). */
export async function sessionMetadata(parley: ParleyHarness, sessionId: string) {
  return (await parley.running.store.get('session_metadata', sessionId))?.metadata;
}

/**
 * A website on its own origin (another port of 127.0.0.1) that embeds the widget from the Parley
 * server, as a customer's site does: pages are the demo shop with the owner's changes to the
 * snippet, using a publishable key of the demo app that allows this site's origin.
 */
export interface HostSite {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  /** The publishable key made for this site (its origin allowed). */
  key: string;
  /** Serves `html` at `path` (with these response headers) and returns the page's URL. */
  serve(path: string, html: string, headers?: Record<string, string>): string;
  /**
   * Serves the demo shop at `path`, changed by `variant`, with its assets and the widget loaded
   * from the Parley server, and returns the page's URL. `key` defaults to this site's key.
   */
  demo(
    path: string,
    variant?: DemoVariant & { key?: string; headers?: Record<string, string> },
  ): Promise<string>;
  close(): Promise<void>;
}

export async function startHostSite(parley: ParleyHarness): Promise<HostSite> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const server = createServer((request, response) => {
    const found = pages.get((request.url ?? '/').split('?')[0] ?? '/');
    if (!found) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...found.headers,
    });
    response.end(found.html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const created = await parley.request('POST', '/v1/keys', {
    name: `Host site ${origin}`,
    kind: 'publishable',
    app_id: parley.running.demo.appId,
    allowed_origins: [origin],
  });
  if (created.status !== 201) throw new Error(`Could not make a key: ${await created.text()}`);
  const key = ((await created.json()) as { key: string }).key;
  const site: HostSite = {
    origin,
    key,
    serve(path, html, headers = {}) {
      pages.set(path, { html, headers });
      return `${origin}${path}`;
    },
    async demo(path, variant = {}) {
      const served = await (await fetch(`${parley.url}/demo/`)).text();
      const html = changeDemoPage(served, {
        ...variant,
        script: { 'data-key': variant.key ?? key, ...variant.script },
      })
        .replace('href="/demo/shop.css"', `href="${parley.url}/demo/shop.css"`)
        .replace('src="/demo/shop.js"', `src="${parley.url}/demo/shop.js"`)
        .replace('src="/widget.js"', `src="${parley.url}/widget.js"`);
      return site.serve(path, html, variant.headers);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return site;
}

export interface WidgetBrowserOptions {
  /** How Parley starts; a function is called (and awaited) just before it starts. */
  parley?: HarnessOptions | (() => HarnessOptions | Promise<HarnessOptions>);
  /** Called once everything is started, before the first test. */
  onStarted?: (parley: ParleyHarness) => void | Promise<void>;
  /** Also start a website on its own origin embedding the widget (`site`). */
  hostSite?: boolean;
}

/** Parley and Chromium for one `describe`, as `useWidgetBrowser` keeps them. */
export interface WidgetBrowser {
  readonly parley: ParleyHarness;
  readonly browser: Browser;
  /** The host site (only with `hostSite: true`). */
  readonly site: HostSite;
  /** A fresh visitor (see `newVisitor`), closed after the test that made it. */
  newVisitor(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * Registers the hooks of a widget browser test: Parley, Chromium (and a host site) started before
 * all tests, every visitor's context closed after each test, everything stopped after all.
 */
export function useWidgetBrowser(options: WidgetBrowserOptions = {}): WidgetBrowser {
  let parley: ParleyHarness | undefined;
  let browser: Browser | undefined;
  let site: HostSite | undefined;
  const contexts: BrowserContext[] = [];
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useWidgetBrowser: no ${name} (used outside a test?)`);
    return value;
  };

  beforeAll(async () => {
    parley = await startParleyHarness(
      typeof options.parley === 'function' ? await options.parley() : (options.parley ?? {}),
    );
    browser = await launchChromium();
    if (options.hostSite) site = await startHostSite(parley);
    await options.onStarted?.(parley);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
  });

  return {
    get parley() {
      return started(parley, 'Parley');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get site() {
      return started(site, 'host site (hostSite: true)');
    },
    async newVisitor(contextOptions = {}) {
      const context = await newVisitor(started(browser, 'browser'), contextOptions);
      contexts.push(context);
      return context;
    },
  };
}
