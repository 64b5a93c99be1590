/**
 * Issue 4 acceptance, measured by Chromium on the demo page: the bytes the widget costs a visitor,
 * as served (gzip) and received, from the DevTools protocol's network events with the cache
 * disabled (`dataReceived.encodedDataLength`: the compressed body; `loadingFinished.encodedDataLength`:
 * everything over the wire, headers included). The loader must stay ≤ 3 kB gzip and everything the
 * open widget loads (JS + CSS, the loader included; not the host page's own files nor the socket
 * traffic) ≤ 45 kB gzip.
 * The numbers are printed; docs/benchmarks.md ("Widget weight (issue 4)") reports them.
 */
import type { CDPSession } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  chat,
  gotoDemo,
  launcher,
  openChat,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

/**
 * Limits of the issue on the gzip bytes as received (the compressed bodies), kB = 1,000 bytes: the
 * stricter reading. With the response headers counted too ("transferred", as DevTools shows it),
 * the same limits hold in KiB (1,024 bytes).
 */
const loaderLimit = 3_000;
const openWidgetLimit = 45_000;

interface LoadedResource {
  url: string;
  type: string;
  status?: number;
  contentEncoding?: string;
  /** Bytes over the wire: headers and (compressed) body. */
  transferred?: number;
  /** The compressed body alone. */
  body: number;
  /** The body once decoded (uncompressed). */
  decoded: number;
  finished: boolean;
}

/** Records every response of the page through the DevTools protocol. */
async function recordNetwork(session: CDPSession): Promise<Map<string, LoadedResource>> {
  const resources = new Map<string, LoadedResource>();
  session.on('Network.requestWillBeSent', (event) => {
    resources.set(event.requestId, {
      url: event.request.url,
      type: event.type ?? 'Other',
      body: 0,
      decoded: 0,
      finished: false,
    });
  });
  session.on('Network.responseReceived', (event) => {
    const resource = resources.get(event.requestId);
    if (!resource) return;
    resource.status = event.response.status;
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
    if (headers['content-encoding']) resource.contentEncoding = headers['content-encoding'];
  });
  session.on('Network.dataReceived', (event) => {
    const resource = resources.get(event.requestId);
    if (!resource) return;
    resource.body += event.encodedDataLength;
    resource.decoded += event.dataLength;
  });
  session.on('Network.loadingFinished', (event) => {
    const resource = resources.get(event.requestId);
    if (!resource) return;
    resource.transferred = event.encodedDataLength;
    resource.finished = true;
  });
  await session.send('Network.enable');
  await session.send('Network.setCacheDisabled', { cacheDisabled: true });
  return resources;
}

describe('widget acceptance: weight as served compressed', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'offline' } });

  it('loader ≤ 3 kB gzip; everything the open widget loads ≤ 45 kB gzip', async () => {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    const resources = await recordNetwork(session);
    const widgetFile = (resource: LoadedResource) =>
      resource.url === `${fixture.parley.url}/widget.js` ||
      resource.url.startsWith(`${fixture.parley.url}/widget/`);

    await gotoDemo(page, fixture.parley);
    await launcher(page).waitFor();
    await page.waitForLoadState('load');
    // Closed, the widget is the loader alone: the chat loads on first use.
    const beforeOpen = [...resources.values()].filter(widgetFile);
    expect(beforeOpen.map((resource) => resource.url)).toEqual([`${fixture.parley.url}/widget.js`]);

    await openChat(page);
    await waitForReady(page);
    // A first answer with a citation too, in case anything more loads with the conversation.
    await typeAndSend(page, 'How long do I have to return a laptop?');
    await waitForAnswer(page);
    await page.waitForLoadState('networkidle');

    const all = [...resources.values()];
    const widget = all.filter(widgetFile);
    const socket = all.filter((resource) => resource.url.startsWith(`${fixture.parley.url}/socket.io/`));
    const hostPage = all.filter((resource) => resource.url.startsWith(`${fixture.parley.url}/demo/`));
    // Nothing else was loaded (no font, stylesheet or script from anywhere else).
    expect(
      all.filter(
        (resource) =>
          !widget.includes(resource) && !socket.includes(resource) && !hostPage.includes(resource),
      ),
    ).toEqual([]);
    for (const resource of widget) {
      expect(resource.finished, resource.url).toBe(true);
      expect(resource.status, resource.url).toBe(200);
      // Served compressed (Chromium takes gzip over plain http; `br` would only be lighter).
      expect(['gzip', 'br'], resource.url).toContain(resource.contentEncoding);
      expect(['Script', 'Stylesheet'], resource.url).toContain(resource.type);
    }
    await context.close();

    const loader = widget.find((resource) => resource.url === `${fixture.parley.url}/widget.js`);
    const sum = (list: LoadedResource[], field: 'transferred' | 'body' | 'decoded') =>
      list.reduce((total, resource) => total + (resource[field] ?? 0), 0);
    const rows = widget.map((resource) => ({
      file: `${new URL(resource.url).pathname} (${resource.type}, ${resource.contentEncoding})`,
      transferred: resource.transferred ?? 0,
      body: resource.body,
      uncompressed: resource.decoded,
    }));
    rows.push({
      file: 'total, open widget',
      transferred: sum(widget, 'transferred'),
      body: sum(widget, 'body'),
      uncompressed: sum(widget, 'decoded'),
    });
    const cell = (value: number) => String(value).padStart(8);
    console.log(
      `Widget weight, as Chromium received it (bytes):\n${'file'.padEnd(44)} transferred compressed uncompressed\n${rows
        .map(
          (row) =>
            `${row.file.padEnd(44)} ${cell(row.transferred)}    ${cell(row.body)}   ${cell(row.uncompressed)}`,
        )
        .join('\n')}`,
    );

    expect(loader?.body).toBeLessThanOrEqual(loaderLimit);
    expect(sum(widget, 'body')).toBeLessThanOrEqual(openWidgetLimit);
    expect(loader?.transferred).toBeLessThanOrEqual(loaderLimit * 1.024);
    expect(sum(widget, 'transferred')).toBeLessThanOrEqual(openWidgetLimit * 1.024);
  });

  it('a visitor in another language loads its texts alone, about 1 kB more', async () => {
    const context = await fixture.newVisitor({ locale: 'ar-EG' });
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    const resources = await recordNetwork(session);
    await gotoDemo(page, fixture.parley);
    await launcher(page).click();
    await chat(page).getByLabel('رسالتك').waitFor();
    await waitForReady(page);
    await page.waitForLoadState('networkidle');
    const widget = [...resources.values()].filter((resource) =>
      resource.url.startsWith(`${fixture.parley.url}/widget/lang/`),
    );
    await context.close();
    expect(widget.map((resource) => new URL(resource.url).pathname)).toEqual(['/widget/lang/ar.js']);
    const [arabic] = widget;
    expect(arabic?.status).toBe(200);
    expect(['gzip', 'br']).toContain(arabic?.contentEncoding);
    console.log(
      `Arabic texts, as Chromium received them (bytes): ${arabic?.transferred} transferred, ${arabic?.body} compressed, ${arabic?.decoded} uncompressed`,
    );
    // Not counted in the open widget's 45 kB, but small: a language is a table of short texts.
    expect(arabic?.body).toBeLessThanOrEqual(1_500);
  });
});
