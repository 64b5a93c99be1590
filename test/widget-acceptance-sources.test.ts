/**
 * Issue 13 (problem 4), in Chromium: sources you can open. An answer's `[n]` marker is a button
 * named after its source; it (and the source's name under the answer) opens the source viewer, a
 * dialog holding the focus, with the document's name, its page and the page's text around the
 * cited excerpt, the excerpt highlighted; Escape closes it and the focus goes back. What a document
 * says stays text. Another key cannot read the citation's context (HTTP and socket).
 */
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './support/axe.js';
import { connectSocket } from './support/socket-client.js';
import {
  answerQuestions,
  chat,
  gotoDemo,
  messages,
  openChat,
  storedThread,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

type Json = Record<string, unknown>;

const markup = '<img src=x onerror="window.__pwned=1">';

describe('sources you can open', () => {
  const fixture = useWidgetBrowser({
    parley: { model: 'openai', environment: { PARLEY_IP_LIMIT_PER_MINUTE: '1000' } },
  });
  let appId: string;

  beforeAll(() => {
    appId = fixture.parley.running.demo.appId;
  });

  /** The demo, asked `question`, answering `content`: the page and the answer's stored citations. */
  async function ask(question: string, content: string) {
    // axe is added as an inline script: past the demo's strict Content-Security-Policy.
    const context = await fixture.newVisitor({ bypassCSP: true });
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await openChat(page);
    await waitForReady(page);
    answerQuestions(fixture.parley, { [question]: { content } });
    await typeAndSend(page, question);
    await waitForAnswer(page);
    const answer = messages(page, 'assistant').first();
    await answer.locator('[part~="citation"]').first().waitFor();
    const sessionId = (await storedThread(page, appId))?.session_id ?? '';
    const history = (await (
      await fixture.parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)
    ).json()) as { messages: { id: string; role: string; citations: Json[] }[] };
    const stored = history.messages.find((message) => message.role === 'assistant');
    return { page, answer, sessionId, messageId: stored?.id ?? '', citations: stored?.citations ?? [] };
  }

  const viewer = (page: Page) => chat(page).locator('[part~="source-viewer"]');
  const focusedInViewer = (page: Page) =>
    page.evaluate(() => {
      const root = document.querySelector('parley-chat')?.shadowRoot;
      return !!root?.activeElement?.closest('dialog');
    });
  const focusedName = (page: Page) =>
    page.evaluate(() =>
      document.querySelector('parley-chat')?.shadowRoot?.activeElement?.getAttribute('aria-label'),
    );

  async function expectViewerShows(page: Page, citation: Json) {
    await expect.poll(() => viewer(page).locator('mark').count()).toBe(1);
    // A dialog named after the document.
    const dialog = chat(page).getByRole('dialog', { name: String(citation.document_name), exact: true });
    expect(await dialog.getByRole('heading').textContent()).toBe(citation.document_name);
    expect(await dialog.textContent()).toContain(`page ${citation.page_number}`);
    expect(await dialog.locator('mark').textContent()).toBe(citation.excerpt);
    return dialog;
  }

  it('makes [1] a button named after its source that opens the viewer, by keyboard; Escape brings the focus back', async () => {
    const { page, answer, citations } = await ask(
      'How long do I have to return a laptop?',
      'You have a while to send a laptop back [1].',
    );
    const cited = citations[0] as Json;
    expect(cited).toBeDefined();
    const name = `[1] ${cited.document_name}, page ${cited.page_number}`;
    const marker: Locator = answer.locator('[part~="bubble"]').getByRole('button', { name, exact: true });
    expect(await marker.textContent()).toBe('[1]');

    await marker.focus();
    expect(await focusedName(page)).toBe(name);
    await page.keyboard.press('Enter');
    const dialog = await expectViewerShows(page, cited);
    expect(await focusedInViewer(page)).toBe(true);
    // The page's text around the excerpt, from the stored passages.
    const passage = (await dialog.locator('.passage').textContent()) ?? '';
    expect(passage.length).toBeGreaterThan(String(cited.excerpt).length);
    expect(passage).toContain(String(cited.excerpt));

    const axe = await runAxe(page);
    expect(axe.violations, describeViolations(axe.violations)).toEqual([]);

    await page.keyboard.press('Escape');
    await expect.poll(() => viewer(page).count()).toBe(0);
    expect(await focusedName(page)).toBe(name);

    // The source's name under the answer opens it too.
    await answer.locator('[part~="citation-document"]').first().click();
    await expectViewerShows(page, cited);
    await viewer(page).getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => viewer(page).count()).toBe(0);
  });

  it('shows a document name and text with markup as text in the viewer', async () => {
    const agent = (await (
      await fixture.parley.request('GET', `/v1/agents/${fixture.parley.running.demo.agentId}`)
    ).json()) as { datastores: string[] };
    const upload = await fixture.parley.request('POST', `/v1/datastores/${agent.datastores[0]}/documents`, {
      name: `Pelican ${markup}.txt`,
      text: `Pelican kites come folded. Pelican kites ${markup} carry a warranty of nine years. Keep the receipt.`,
    });
    expect(upload.status).toBe(201);
    await fixture.parley.running.engine.documents.settled();

    const { page, answer, citations } = await ask(
      'What warranty do pelican kites carry?',
      'Nine years of warranty for pelican kites [1].',
    );
    const cited = citations[0] as Json;
    expect(cited.document_name).toBe(`Pelican ${markup}.txt`);
    await answer.locator('[part~="bubble"] .cite').first().click();
    const dialog = await expectViewerShows(page, cited);
    expect(await dialog.textContent()).toContain(markup);
    expect(await chat(page).locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it("lets only the key that opened the session read a citation's context", async () => {
    const newKey = async (name: string) =>
      (
        (await (
          await fixture.parley.request('POST', '/v1/keys', {
            name,
            kind: 'publishable',
            plan: 'pro',
            app_id: appId,
            allowed_origins: ['*'],
          })
        ).json()) as { key: string }
      ).key;
    const ownerKey = await newKey('site A');
    const otherKey = await newKey('site B, same app');
    answerQuestions(fixture.parley, { 'Can I return shoes?': { content: 'Yes, within a set time [1].' } });
    const opened = await fixture.parley.request(
      'POST',
      `/v1/apps/${appId}/execute`,
      { message: 'Can I return shoes?' },
      { authorization: `Bearer ${ownerKey}` },
    );
    const sessionId = ((await opened.json()) as { session_id: string }).session_id;
    const history = (await (
      await fixture.parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`)
    ).json()) as { messages: { id: string; role: string; citations: Json[] }[] };
    const answer = history.messages.find((message) => message.role === 'assistant');
    expect(answer?.citations.length).toBeGreaterThan(0);
    const path = `/v1/apps/${appId}/sessions/${sessionId}/messages/${answer?.id}/citations/1`;

    const mine = await fixture.parley.request('GET', path, undefined, {
      authorization: `Bearer ${ownerKey}`,
    });
    expect(mine.status).toBe(200);
    const context = (await mine.json()) as Json;
    expect(context).toMatchObject({
      id: 1,
      document_name: answer?.citations[0]?.document_name,
      page_number: answer?.citations[0]?.page_number,
      excerpt: answer?.citations[0]?.excerpt,
    });
    expect(typeof context.before).toBe('string');
    expect(typeof context.after).toBe('string');

    const theirs = await fixture.parley.request('GET', path, undefined, {
      authorization: `Bearer ${otherKey}`,
    });
    expect(theirs.status).toBe(404);
    const unknown = await fixture.parley.request('GET', path.replace(/1$/, '9'), undefined, {
      authorization: `Bearer ${ownerKey}`,
    });
    expect(unknown.status).toBe(404);

    const socket = await connectSocket(fixture.parley.url, otherKey);
    try {
      const refused = (await socket.emitWithAck('citation', {
        app_id: appId,
        session_id: sessionId,
        message_id: answer?.id,
        n: 1,
      })) as { ok: boolean; error?: { code: string } };
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      socket.close();
    }
  });
});

describe("sources you can open on the share page's conversations", () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });

  it("lets only the share link that opened the conversation read a citation's context", async () => {
    const agentId = fixture.parley.running.demo.agentId;
    const share = async () =>
      (
        (await (await fixture.parley.request('POST', `/v1/agents/${agentId}/share`, {})).json()) as {
          token: string;
        }
      ).token;
    const ownerToken = await share();
    const otherToken = await share();
    answerQuestions(fixture.parley, { 'Can I return a laptop?': { content: 'Yes, for a while [1].' } });
    const chatted = await fixture.parley.request(
      'POST',
      `/v1/agents/${agentId}/chat`,
      { message: 'Can I return a laptop?' },
      { authorization: `Bearer ${ownerToken}` },
    );
    expect(chatted.status).toBe(200);
    const answer = (await chatted.json()) as {
      conversation_id: string;
      id: string;
      citations: Json[];
    };
    expect(answer.citations.length).toBeGreaterThan(0);
    const path = `/v1/agents/${agentId}/conversations/${answer.conversation_id}/messages/${answer.id}/citations/1`;

    const mine = await fixture.parley.request('GET', path, undefined, {
      authorization: `Bearer ${ownerToken}`,
    });
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({
      id: 1,
      document_name: answer.citations[0]?.document_name,
      excerpt: answer.citations[0]?.excerpt,
    });
    const theirs = await fixture.parley.request('GET', path, undefined, {
      authorization: `Bearer ${otherToken}`,
    });
    expect([403, 404]).toContain(theirs.status);
  });
});
