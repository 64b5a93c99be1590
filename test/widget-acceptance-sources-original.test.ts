/**
 * Issue 13, in Chromium: when the operator marks a datastore public, the source viewer links to the
 * cited document's original file, at the cited page of a PDF; the link gives the uploaded bytes,
 * as a PDF, never sniffed. A private datastore shows no link and its originals are refused (404 in
 * the contract's error shape), as they are to a key that may not use an agent answering from it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerQuestions,
  chat,
  gotoDemo,
  messages,
  openChat,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

const pdfPath = path.resolve('packages/server/src/demo/knowledge/acme-return-policy.pdf');
const question = 'How long do I have to return a laptop?';

describe("a public datastore's originals in the source viewer", () => {
  const fixture = useWidgetBrowser({
    parley: { model: 'openai', environment: { PARLEY_IP_LIMIT_PER_MINUTE: '1000' } },
  });
  let datastoreId: string;
  let pdf: Buffer;

  beforeAll(async () => {
    pdf = await readFile(pdfPath);
    const created = await fixture.parley.request('POST', '/v1/datastores', {
      name: 'Policies',
      public: true,
    });
    expect(created.status).toBe(201);
    const datastore = (await created.json()) as { id: string; public: boolean };
    expect(datastore.public).toBe(true);
    datastoreId = datastore.id;
    const form = new FormData();
    form.append(
      'file',
      new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }),
      'acme-return-policy.pdf',
    );
    const uploaded = await fetch(`${fixture.parley.url}/v1/datastores/${datastoreId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.parley.adminKey}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    await fixture.parley.running.engine.documents.settled();
    // The demo agent answers from this datastore alone.
    const agentId = fixture.parley.running.demo.agentId;
    const agent = (await (await fixture.parley.request('GET', `/v1/agents/${agentId}`)).json()) as {
      datastores: string[];
    };
    for (const demoDatastore of agent.datastores)
      await fixture.parley.request('DELETE', `/v1/agents/${agentId}/datastores/${demoDatastore}`);
    const connected = await fixture.parley.request('POST', `/v1/agents/${agentId}/datastores`, {
      datastore_id: datastoreId,
    });
    expect(connected.status).toBeLessThan(300);
  });

  const viewer = (page: Page) => chat(page).locator('[part~="source-viewer"]');

  /** Asks the demo the question, then opens the answer's first source in the viewer. */
  async function openFirstSource() {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await openChat(page);
    await waitForReady(page);
    answerQuestions(fixture.parley, { [question]: { content: 'You have 45 days to send it back [1].' } });
    await typeAndSend(page, question);
    await waitForAnswer(page);
    const marker = messages(page, 'assistant').first().locator('[part~="bubble"] .cite').first();
    expect(await marker.getAttribute('aria-label')).toBe('[1] acme-return-policy.pdf, page 3');
    await marker.click();
    await expect.poll(() => viewer(page).locator('mark').count()).toBe(1);
    return { context, page };
  }

  it('links to the original at the cited page; the link gives the uploaded PDF, not sniffed, in a new tab', async () => {
    const { context, page } = await openFirstSource();
    const link = viewer(page).getByRole('link', { name: 'Open the original (page 3)', exact: true });
    await link.waitFor();
    const href = (await link.getAttribute('href')) ?? '';
    const url = new URL(href);
    expect(url.origin).toBe(fixture.parley.url);
    expect(url.pathname).toMatch(
      new RegExp(`^/v1/datastores/${datastoreId}/documents/doc_[\\w-]+/original$`),
    );
    expect(url.hash).toBe('#page=3');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');

    // What the link gives, fetched by the visitor's browser: the very bytes uploaded.
    const fetched = await page.evaluate(async (address) => {
      const response = await fetch(address);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        sniff: response.headers.get('x-content-type-options'),
        disposition: response.headers.get('content-disposition'),
        policy: response.headers.get('content-security-policy'),
        bytes: Array.from(new Uint8Array(await response.arrayBuffer())),
      };
    }, href);
    expect(fetched.status).toBe(200);
    expect(fetched.type).toBe('application/pdf');
    expect(fetched.sniff).toBe('nosniff');
    expect(fetched.disposition).toContain('filename="acme-return-policy.pdf"');
    expect(fetched.policy).toContain("default-src 'none'");
    expect(Buffer.from(fetched.bytes).equals(pdf)).toBe(true);

    // Pressed, it opens in a new tab at the cited page.
    const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await expect.poll(() => opened.url()).toContain('#page=3');
    expect(opened.url().split('#')[0]).toBe(href.split('#')[0]);
  });

  it('shows no link once the datastore is private, and the original is refused with 404', async () => {
    const { page } = await openFirstSource();
    const link = viewer(page).getByRole('link', { name: 'Open the original (page 3)', exact: true });
    const href = (await link.getAttribute('href')) ?? '';
    await viewer(page).getByRole('button', { name: 'Close' }).click();

    const changed = await fixture.parley.request('PATCH', `/v1/datastores/${datastoreId}`, { public: false });
    expect(((await changed.json()) as { public: boolean }).public).toBe(false);
    await messages(page, 'assistant').first().locator('[part~="bubble"] .cite').first().click();
    await expect.poll(() => viewer(page).locator('mark').count()).toBe(1);
    expect(await viewer(page).getByRole('link').count()).toBe(0);

    const refused = await page.evaluate(async (address) => {
      const response = await fetch(address);
      return { status: response.status, body: await response.json() };
    }, href);
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual({
      error: { code: 'not_found', message: expect.any(String), details: expect.any(Object) },
    });

    const reopened = await fixture.parley.request('PATCH', `/v1/datastores/${datastoreId}`, { public: true });
    expect(reopened.status).toBe(200);
  });

  it('refuses the original to a key of another app, and to the right key from a foreign origin', async () => {
    const { page } = await openFirstSource();
    const href =
      (await viewer(page)
        .getByRole('link', { name: 'Open the original (page 3)', exact: true })
        .getAttribute('href')) ?? '';
    const original = new URL(href);
    const demoKey = original.searchParams.get('key') ?? '';
    expect(demoKey).toMatch(/^pk_/);
    original.searchParams.delete('key');
    original.hash = '';

    const otherApp = (await (
      await fixture.parley.request('POST', '/v1/apps', { name: 'Elsewhere', agents: [] })
    ).json()) as { id: string };
    const otherKey = (
      (await (
        await fixture.parley.request('POST', '/v1/keys', {
          name: 'other site',
          kind: 'publishable',
          plan: 'pro',
          app_id: otherApp.id,
          allowed_origins: ['*'],
        })
      ).json()) as { key: string }
    ).key;
    const pathname = `${original.pathname}`;
    const asOther = await fixture.parley.request('GET', pathname, undefined, {
      authorization: `Bearer ${otherKey}`,
    });
    expect(asOther.status).toBe(404);
    expect(((await asOther.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const foreign = await fixture.parley.request('GET', pathname, undefined, {
      authorization: `Bearer ${demoKey}`,
      origin: 'http://evil.test',
    });
    expect(foreign.status).toBe(403);

    const allowed = await fixture.parley.request('GET', pathname, undefined, {
      authorization: `Bearer ${demoKey}`,
    });
    expect(allowed.status).toBe(200);
    expect(Buffer.from(await allowed.arrayBuffer()).equals(pdf)).toBe(true);
  });
});
