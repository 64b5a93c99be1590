/**
 * Issue 13 acceptance (problem 6), in Chromium: the text on the brand colour is chosen to read
 * (≥ 4.5:1) whatever the accent, light ones included (yellow, near-white), or set by the site
 * (`data-accent-text`); axe finds no violation in the light and the dark theme.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './support/axe.js';
import {
  answerQuestions,
  chat,
  launcher,
  openChat,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

const accents = ['#ffcc00', '#f5f5f5', '#2f5bea', '#0b7a3e', '#e4572e'];

describe('widget acceptance: readable on any brand colour', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });

  let pages = 0;
  async function demoWith(script: Record<string, string>): Promise<Page> {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await page.goto(await fixture.site.demo(`/accent-${++pages}`, { script }));
    return page;
  }

  /** The text colour of the user's bubble and of the launcher, as computed. */
  function textOnAccent(page: Page): Promise<string[]> {
    return Promise.all([
      chat(page)
        .locator('li.message.user .bubble')
        .first()
        .evaluate((element) => getComputedStyle(element).color),
      launcher(page).evaluate((element) => getComputedStyle(element).color),
    ]);
  }

  for (const theme of ['light', 'dark']) {
    it(`axe finds nothing on five accents, yellow and near-white included (${theme})`, async () => {
      answerQuestions(fixture.parley, {});
      const found: Record<string, string> = {};
      for (const accent of accents) {
        const page = await demoWith({ 'data-accent': accent, 'data-theme': theme });
        await openChat(page);
        await waitForReady(page);
        await typeAndSend(page, `Colour ${accent}`);
        await waitForAnswer(page);
        const { violations } = await runAxe(page);
        if (violations.length > 0) found[accent] = describeViolations(violations);
        if (accent === '#ffcc00' || accent === '#f5f5f5')
          expect(await textOnAccent(page)).toEqual(['rgb(0, 0, 0)', 'rgb(0, 0, 0)']);
        await page.context().close();
      }
      expect(found).toEqual({});
    });
  }

  it('data-accent-text sets the text on the accent', async () => {
    const page = await demoWith({ 'data-accent': '#ffcc00', 'data-accent-text': '#3a2a00' });
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'Hello');
    await waitForAnswer(page);
    expect(await textOnAccent(page)).toEqual(['rgb(58, 42, 0)', 'rgb(58, 42, 0)']);
  });
});
