/**
 * Issue 14: the Teams manifest links a privacy page and terms of use on Parley's own host; both
 * answer (they were 404), the operator can replace either with a plain-text file, and what the
 * file holds is shown as text, never as markup.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { teamsAppPackage } from '@parley/connector-teams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

/** The manifest.json inside a Teams app package (a ZIP whose first entry it is). */
function manifestOf(zip: Buffer): { developer: { privacyUrl: string; termsOfUseUrl: string } } {
  const nameLength = zip.readUInt16LE(26);
  const extraLength = zip.readUInt16LE(28);
  const compressedSize = zip.readUInt32LE(18);
  const start = 30 + nameLength + extraLength;
  return JSON.parse(inflateRawSync(zip.subarray(start, start + compressedSize)).toString('utf8'));
}

describe('privacy and terms pages', () => {
  let parley: ParleyHarness;

  beforeAll(async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'parley-terms-'));
    const terms = path.join(folder, 'terms.txt');
    writeFileSync(terms, 'Acme Support terms.\n\nNo <script>window.__pwned=1</script> here & there.\n');
    parley = await startParleyHarness({ model: 'offline', environment: { PARLEY_TERMS_FILE: terms } });
  });
  afterAll(async () => {
    await parley?.stop();
  });

  it('serves the built-in privacy page the manifest links, under a strict CSP', async () => {
    const manifest = manifestOf(
      teamsAppPackage({ appId: '00000000-0000-0000-0000-00000000b07f', publicUrl: parley.url }),
    );
    const privacyUrl = new URL(manifest.developer.privacyUrl);
    expect(privacyUrl.pathname).toBe('/privacy');
    const page = await fetch(`${parley.url}${privacyUrl.pathname}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<h1>Privacy</h1>');
    expect(html).toContain('What is kept');
  });

  it("serves the operator's terms as text: paragraphs kept, markup escaped", async () => {
    const page = await fetch(`${parley.url}/terms`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<p>Acme Support terms.</p>');
    expect(html).toContain('No &#60;script&#62;window.__pwned=1&#60;/script&#62; here &#38; there.');
    expect(html).not.toContain('<script>');
  });
});
