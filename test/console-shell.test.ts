/**
 * Issue 11: the console is served by Parley itself at /console/ — its HTML shell for every console
 * path (so a page can be reloaded or linked to) under a strict CSP, its built files compressed, and a
 * first load within the 120 kB gzip.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const consoleAssets = path.resolve(fileURLToPath(import.meta.url), '../../packages/console/dist/assets');

let parley: ParleyHarness;

beforeAll(async () => {
  parley = await startParleyHarness({ model: 'offline' });
});

afterAll(async () => {
  await parley?.stop();
});

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe('the console shell', () => {
  it('answers every console path with the same page under a strict CSP', async () => {
    for (const pathname of ['/console/', '/console/inbox', '/console/agents/agt_123/edit']) {
      const response = await fetch(parley.url + pathname);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<parley-console></parley-console>');
      expect(html).toContain('<script type="module" src="/console/assets/console.js"></script>');
      const policy = directives(response.headers.get('content-security-policy') ?? '');
      expect(policy.get('default-src')).toEqual(["'none'"]);
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('style-src')).toEqual(["'self'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'none'"]);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const bare = await fetch(`${parley.url}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('sends its built files compressed, and nothing outside them', async () => {
    const entry = await fetch(`${parley.url}/console/assets/console.js`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(entry.headers.get('content-encoding')).toBe('gzip');
    expect(entry.headers.get('cache-control')).toBe('no-cache');
    expect(await entry.text()).toContain('parley-console');
    for (const pathname of [
      '/console/assets/missing.js',
      '/console/assets/..%2F..%2Fpackage.json',
      '/console/assets/console.js.gz',
    ]) {
      const response = await fetch(parley.url + pathname);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('loads at most 120 kB gzip before any page is opened', () => {
    // The entry and the chunks it imports statically (the pages' chunks load when they are opened).
    const loaded = new Set<string>(['console.js']);
    const queue = ['console.js'];
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      const code = readFileSync(path.join(consoleAssets, file), 'utf8');
      for (const match of code.matchAll(/\bfrom\s*["'`]\.\/([^"'`]+)["'`]/g)) {
        const imported = path.posix.join(path.posix.dirname(file), match[1] ?? '');
        if (!loaded.has(imported)) {
          loaded.add(imported);
          queue.push(imported);
        }
      }
    }
    const gzipBytes = [...loaded].reduce(
      (total, file) => total + readFileSync(path.join(consoleAssets, `${file}.gz`)).length,
      0,
    );
    console.log(`console first load: ${[...loaded].join(', ')} = ${gzipBytes} bytes gzip`);
    expect(gzipBytes).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(120_000);
  });
});
