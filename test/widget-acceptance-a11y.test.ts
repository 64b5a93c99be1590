/**
 * Issue 4 acceptance, in Chromium: axe-core finds no serious or critical violation in the open
 * widget (its shadow DOM included) in the light and the dark theme, with a conversation that has
 * an answer with citations, Markdown, an error with its retry, a rated answer, a notice and a
 * person's message; and the whole flow works from the keyboard alone, with new messages announced.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { type AxeResults, describeViolations, runAxe } from './support/axe.js';
import {
  answerQuestions,
  chat,
  gotoDemo,
  input,
  launcher,
  messages,
  openChat,
  sessionHistory,
  storedThread,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

/** The focused element, through shadow roots: its accessible label or text. */
function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return '';
    return (
      active.getAttribute('aria-label') ??
      (active.localName === 'textarea' ? 'textarea' : (active.textContent ?? '').trim())
    );
  });
}

describe('widget acceptance: accessibility', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });
  const found: Record<string, AxeResults> = {};

  afterAll(async () => {
    for (const [name, { violations, incomplete }] of Object.entries(found)) {
      console.log(
        `axe-core, ${name}: ${violations.length === 0 ? 'no violations' : `\n${describeViolations(violations)}`}`,
      );
      if (incomplete.length > 0) console.log(`  needs review:\n${describeViolations(incomplete)}`);
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`axe-core: no serious or critical violation in the ${theme} theme`, async () => {
      const context = await fixture.newVisitor();
      const page = await context.newPage();
      await page.goto(await fixture.site.demo(`/shop-${theme}`, { script: { 'data-theme': theme } }));
      await openChat(page);
      await waitForReady(page);
      await chat(page).locator('[part~="starter"]').first().waitFor();
      expect(await chat(page).getAttribute('theme')).toBe(theme);
      const opened = await runAxe(page);
      found[`${theme}, just opened (greeting, starter prompts)`] = opened;

      answerQuestions(fixture.parley, {
        'How long do I have to return a laptop?': {
          content: [
            'Laptops can be returned within **45 days** of delivery [1].',
            '',
            '- with the charger',
            '- with the accessories',
            '',
            '| Product | Days |',
            '|---|---|',
            '| Laptop | 45 |',
            '',
            '```',
            'RETURN-45',
            '```',
            '',
            'Read [the full policy](https://example.com/returns).',
          ].join('\n'),
        },
        'And phones?': { error: { status: 400, message: 'The model refused' } },
      });
      await typeAndSend(page, 'How long do I have to return a laptop?');
      await waitForAnswer(page);
      const answer = messages(page, 'assistant').first();
      await answer.locator('[part~="citation"]').first().waitFor();
      await answer.getByRole('button', { name: 'Helpful', exact: true }).click();
      await expect
        .poll(() => answer.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'))
        .toBe('true');
      await typeAndSend(page, 'And phones?');
      await chat(page).locator('[part~="error"]').waitFor();
      await chat(page).getByRole('button', { name: 'Talk to a person' }).click();
      await messages(page, 'notice').first().waitFor();
      const sessionId = (await storedThread(page, fixture.parley.running.demo.appId))?.session_id ?? '';
      await fixture.parley.request(
        'POST',
        `/v1/apps/${fixture.parley.running.demo.appId}/sessions/${sessionId}/messages`,
        {
          role: 'human_agent',
          content: 'Hi, I am Sam. Phones can be returned within **14 days**.',
          author: 'Sam',
        },
      );
      await messages(page, 'human_agent').first().waitFor();

      const conversation = await runAxe(page);
      found[`${theme}, with a conversation (citations, error, notice, person)`] = conversation;
      const blocking = [...opened.violations, ...conversation.violations].filter(
        (violation) => violation.impact === 'serious' || violation.impact === 'critical',
      );
      expect(blocking, describeViolations(blocking)).toEqual([]);
    });
  }

  it('keyboard only: Tab to the launcher, Enter opens, type and send, rate, ask for a person, Escape', async () => {
    const context = await fixture.newVisitor();
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    await launcher(page).waitFor();

    // Tab through the shop until the launcher has the focus.
    let reached = false;
    for (let presses = 0; presses < 40 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.localName === 'parley-launcher');
    }
    expect(reached).toBe(true);
    expect(await focusedLabel(page)).toBe('Open chat');

    await page.keyboard.press('Enter');
    await input(page).waitFor();
    await expect.poll(() => focusedLabel(page)).toBe('textarea');
    await waitForReady(page);
    const live = chat(page).locator('[aria-live]');
    expect(await live.count()).toBe(1);
    expect(await live.getAttribute('aria-live')).toMatch(/polite|assertive/);

    answerQuestions(fixture.parley, {
      'When are you open?': { content: 'Our shop is open from 9 to 18, Monday to Saturday.' },
    });
    await page.keyboard.type('When are you open?');
    await page.keyboard.press('Enter');
    expect(await waitForAnswer(page)).toBe('Our shop is open from 9 to 18, Monday to Saturday.');
    // The live region announces the answer.
    await expect.poll(() => live.textContent()).toContain('Our shop is open from 9 to 18');
    await expect.poll(() => focusedLabel(page)).toBe('textarea');

    // Backwards from the message box: "Talk to a person", then the answer's feedback buttons.
    const seen: string[] = [];
    for (let presses = 0; presses < 8 && !seen.includes('Helpful'); presses++) {
      await page.keyboard.press('Shift+Tab');
      seen.push(await focusedLabel(page));
    }
    expect(seen).toContain('Talk to a person');
    expect(seen).toContain('Not helpful');
    expect(seen.at(-1)).toBe('Helpful');
    await page.keyboard.press('Enter');
    const helpful = messages(page, 'assistant').first().getByRole('button', { name: 'Helpful', exact: true });
    await expect.poll(() => helpful.getAttribute('aria-pressed')).toBe('true');
    const appId = fixture.parley.running.demo.appId;
    const sessionId = (await storedThread(page, appId))?.session_id ?? '';
    await expect
      .poll(async () => (await sessionHistory(fixture.parley, appId, sessionId)).at(-1)?.feedback?.rating)
      .toBe('up');

    // Forwards again to "Talk to a person"; Enter asks for a person.
    for (let presses = 0; presses < 8 && (await focusedLabel(page)) !== 'Talk to a person'; presses++) {
      await page.keyboard.press('Tab');
    }
    expect(await focusedLabel(page)).toBe('Talk to a person');
    await page.keyboard.press('Enter');
    await messages(page, 'notice').first().waitFor();
    await expect
      .poll(async () => (await fixture.parley.running.store.get('sessions', sessionId))?.escalated)
      .toBe(true);

    // The button is gone with the request: the focus is not lost to the page but goes on to the
    // message box, and the live region says a person was asked for.
    await expect.poll(() => focusedLabel(page)).toBe('textarea');
    await expect.poll(() => live.textContent()).toContain('You asked for a person');

    // Escape closes the chat and gives the focus back to the launcher.
    await page.keyboard.press('Escape');
    await chat(page).locator('.panel').waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.localName)).toBe('parley-launcher');
    expect(await focusedLabel(page)).toBe('Open chat');
    // Enter opens it again, with the conversation.
    await page.keyboard.press('Enter');
    await input(page).waitFor();
    expect(await messages(page, 'assistant').count()).toBe(1);
  });
});
