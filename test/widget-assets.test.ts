import { request as httpRequest } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, type HostSite, launchChromium, startHostSite } from './support/browser.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET without the decompression fetch does, to see what is sent. */
function getRaw(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts) }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

describe('the widget files', () => {
  let parley: ParleyHarness;
  let browser: Browser;
  let site: HostSite;

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await parley?.stop();
  });

  it('are served gzip-compressed when the browser takes it, to any origin, with their type and caching', async () => {
    // A language's texts (`/widget/lang/<code>.js`) have a stable name too: the short cache.
    for (const path of ['/widget.js', '/widget/parley-chat.js', '/widget/lang/ar.js']) {
      const compressed = await getRaw(`${parley.url}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(compressed.status).toBe(200);
      expect(compressed.headers['content-encoding']).toBe('gzip');
      expect(compressed.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(compressed.headers['access-control-allow-origin']).toBe('*');
      expect(compressed.headers.vary).toContain('Accept-Encoding');
      expect(compressed.headers['cache-control']).toBe('public, max-age=300');
      expect(compressed.headers.etag).toBeDefined();
      expect(compressed.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

      const plain = await getRaw(`${parley.url}${path}`, { 'accept-encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.length).toBeGreaterThan(compressed.body.length);
    }
    const missing = await fetch(`${parley.url}/widget/nothing-here.js`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const outside = await getRaw(`${parley.url}/widget/..%2f..%2fpackage.json`);
    expect(outside.status).toBe(404);
    expect(outside.body.toString()).not.toContain('"dependencies"');
  });

  it('weigh what the budget allows: the loader at most 3 kB gzip, the open widget at most 45 kB', async () => {
    const page = await browser.newPage();
    await page.goto(`${parley.url}/demo/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('dialog', { name: 'Acme assistant' }).getByText('Hi John').waitFor();
    const resources = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry as PerformanceResourceTiming)
        .filter((entry) => ['script', 'link', 'css', 'other'].includes(entry.initiatorType))
        .filter((entry) => /\/widget(\.js|\/)/.test(new URL(entry.name).pathname))
        .map((entry) => ({ path: new URL(entry.name).pathname, bytes: entry.encodedBodySize })),
    );
    expect(resources.map((resource) => resource.path).sort()).toEqual([
      '/widget.js',
      '/widget/parley-chat.js',
    ]);
    const gzipBytes: Record<string, number> = {};
    for (const { path } of resources) {
      const gzipped = await getRaw(`${parley.url}${path}`, { 'accept-encoding': 'gzip' });
      expect(gzipped.headers['content-encoding']).toBe('gzip');
      gzipBytes[path] = gzipped.body.length;
    }
    const loader = gzipBytes['/widget.js'] ?? Number.POSITIVE_INFINITY;
    const total = Object.values(gzipBytes).reduce((sum, bytes) => sum + bytes, 0);
    console.info(
      `widget weight: as served ${JSON.stringify(resources)}; gzip ${JSON.stringify(gzipBytes)}, total ${total}`,
    );
    expect(loader).toBeLessThanOrEqual(3_000);
    expect(total).toBeLessThanOrEqual(45_000);
    expect(
      resources.every((resource) => resource.bytes > 0 && resource.bytes <= (gzipBytes[resource.path] ?? 0)),
    ).toBe(true);
    await page.close();
  });

  it('may be loaded twice on one page: one launcher, one chat, no error', async () => {
    const { appId } = parley.running.demo;
    let key = '';
    site = await startHostSite(
      () => `<!doctype html><html lang="en"><head><title>Twice</title></head><body>
        <script src="${parley.url}/widget.js" data-app="${appId}" data-key="${key}" async></script>
        <script src="${parley.url}/widget.js" data-app="${appId}" data-key="${key}" async></script>
        <script type="module" src="${parley.url}/widget/parley-chat.js"></script>
      </body></html>`,
    );
    const created = await parley.request('POST', '/v1/keys', {
      name: 'twice',
      kind: 'publishable',
      app_id: appId,
      allowed_origins: [site.origin],
    });
    key = (await created.json()).key;
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${site.origin}/`);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page
      .getByRole('dialog')
      .getByText('Hi — I am the Acme demo assistant.', { exact: false })
      .waitFor();
    expect(await page.locator('parley-launcher').count()).toBe(1);
    expect(await page.locator('parley-chat').count()).toBe(1);
    expect(errors, errors.join('\n')).toEqual([]);
    await page.close();
  });
});
