/**
 * Issue 13 (problem 4), in Chromium: a source from a Markdown or HTML document shows the section it
 * sits under beside the document's name, as text; table cells in a narrow bubble keep words whole.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answerQuestions,
  bubble,
  messages,
  openChat,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

const markupHeading = '<img src=x onerror="window.__pwned=1">';

describe('sources and tables in the widget', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });
  let plainShop: string;

  beforeAll(async () => {
    plainShop = await fixture.site.demo('/shop');
  });

  async function askInPage(question: string, content: string, viewport?: { width: number; height: number }) {
    const context = await fixture.newVisitor(viewport ? { viewport } : {});
    const page = await context.newPage();
    await page.goto(plainShop);
    await openChat(page);
    await waitForReady(page);
    answerQuestions(fixture.parley, { [question]: { content } });
    await typeAndSend(page, question);
    await waitForAnswer(page);
    return page;
  }

  it('shows the section of an HTML source beside its name, as text', async () => {
    const agent = await (
      await fixture.parley.request('GET', `/v1/agents/${fixture.parley.running.demo.agentId}`)
    ).json();
    const html = `<h1>Warranty</h1><h2>Pelicans</h2><p>Pelican kites carry a warranty of two years.</p>
      <h2>Heron ${markupHeading.replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</h2>
      <p>Heron kites carry a warranty of eleven months.</p>`;
    const form = new FormData();
    form.append('file', new Blob([html], { type: 'text/html' }), 'kites.html');
    const response = await fetch(`${fixture.parley.url}/v1/datastores/${agent.datastores[0]}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.parley.adminKey}` },
      body: form,
    });
    expect(response.status).toBe(201);
    await fixture.parley.running.engine.documents.settled();

    const page = await askInPage('How long is the warranty of heron kites?', 'Eleven months [1].');
    const source = messages(page, 'assistant').first().locator('[part~="citation"]').first();
    await source.waitFor();
    expect(await source.locator('[part~="citation-document"]').textContent()).toBe('kites.html');
    expect(await source.locator('[part~="citation-section"]').textContent()).toBe(`Heron ${markupHeading}`);
    expect(await source.textContent()).toContain(`kites.html — Heron ${markupHeading}`);
    expect(await source.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('shows no section for a source without one', async () => {
    const page = await askInPage('Can I return shoes?', 'Yes [1].');
    const sources = messages(page, 'assistant').first().locator('[part~="citation"]');
    await sources.first().waitFor();
    expect(await sources.first().locator('[part~="citation-section"]').count()).toBe(0);
  });

  it('keeps the words of table cells whole in a phone-sized panel', async () => {
    const table = [
      '| Condition | Refund | Restocking | Collection | Timeframe | Exceptions |',
      '| --- | --- | --- | --- | --- | --- |',
      '| Unopened | Full | None | Free | Thirty days | Clearance |',
    ].join('\n');
    const page = await askInPage('Show the refund table', table, { width: 360, height: 740 });
    const cells = bubble(messages(page, 'assistant').first()).locator('th, td');
    await cells.first().waitFor();
    expect(await linesPerWord(page)).toEqual(
      Object.fromEntries(
        ['Condition', 'Restocking', 'Collection', 'Timeframe', 'Exceptions', 'Unopened', 'Clearance'].map(
          (word) => [word, 1],
        ),
      ),
    );
  });
});

/** How many lines each long word of the answer's table cells takes (1: the word is whole). */
function linesPerWord(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const root = document.querySelector('parley-chat')?.shadowRoot;
    const lines: Record<string, number> = {};
    for (const cell of Array.from(root?.querySelectorAll('.bubble th, .bubble td') ?? [])) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of (node.textContent ?? '').matchAll(/[A-Za-z]{8,}/g)) {
          const range = document.createRange();
          range.setStart(node, match.index ?? 0);
          range.setEnd(node, (match.index ?? 0) + match[0].length);
          const tops = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
          lines[match[0]] = tops.size;
        }
      }
    }
    return lines;
  });
}
