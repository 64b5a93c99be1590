/**
 * Issue 13 acceptance (problem 9), in Chromium on the demo page: messages carry their time
 * (relative, exact on hover), "New conversation" starts afresh, a touch device does not get the
 * keyboard pushed up on open, "Talk to a person" and the thumbs are 44 px targets, the open and
 * close animations stop under `prefers-reduced-motion`, and the focus stays in the open panel.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  answerQuestions,
  chat,
  gotoDemo,
  input,
  launcher,
  messages,
  openChat,
  panel,
  storedThread,
  typeAndSend,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

/** The focused element inside the chat's shadow root (null when the focus is outside the chat). */
function focusedInChat(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    if (document.activeElement?.localName !== 'parley-chat') return null;
    const active = document.activeElement.shadowRoot?.activeElement;
    return active ? (active.getAttribute('aria-label') ?? active.localName) : 'parley-chat';
  });
}

describe('widget acceptance: the small things', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' } });

  async function demo(options: Parameters<typeof fixture.newVisitor>[0] = {}): Promise<Page> {
    const context = await fixture.newVisitor(options);
    const page = await context.newPage();
    await gotoDemo(page, fixture.parley);
    return page;
  }

  async function chatWithAnswer(page: Page): Promise<void> {
    answerQuestions(fixture.parley, {});
    await openChat(page);
    await waitForReady(page);
    await typeAndSend(page, 'Hello');
    await waitForAnswer(page);
  }

  it('each message shows when it was written: relative, the exact time on hover', async () => {
    const page = await demo();
    await chatWithAnswer(page);
    for (const message of await messages(page).all()) {
      const time = message.locator('time');
      expect(await time.count()).toBe(1);
      const written = Date.parse((await time.getAttribute('datetime')) ?? '');
      expect(Math.abs(Date.now() - written)).toBeLessThan(60_000);
      expect(await time.getAttribute('title')).toBeTruthy();
      expect(await time.textContent()).toBe('just now');
    }
    // After a reload the times come from the stored history.
    await page.reload();
    await openChat(page);
    await waitForAnswer(page);
    expect(await messages(page).locator('time').count()).toBe(2);
  });

  it('"New conversation" forgets the session and starts a new one', async () => {
    const page = await demo();
    await chatWithAnswer(page);
    const appId = fixture.parley.running.demo.appId;
    const first = (await storedThread(page, appId))?.session_id;
    expect(first).toMatch(/^sess_/);
    await chat(page).getByRole('button', { name: 'New conversation' }).click();
    await expect.poll(() => messages(page).count()).toBe(0);
    expect(await storedThread(page, appId)).toBeNull();
    await chat(page).locator('[part~="greeting"]').waitFor();
    await typeAndSend(page, 'Hello again');
    await waitForAnswer(page);
    const second = (await storedThread(page, appId))?.session_id;
    expect(second).toMatch(/^sess_/);
    expect(second).not.toBe(first);
  });

  it('on a touch device opening the panel does not focus the message box', async () => {
    const page = await demo({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    await launcher(page).click();
    await input(page).waitFor();
    await waitForReady(page);
    await page.waitForTimeout(200);
    expect(await focusedInChat(page)).not.toBe('textarea');
    // Inside the dialog all the same, for screen readers.
    expect(await focusedInChat(page)).not.toBeNull();
  });

  it('"Talk to a person" and the thumbs are targets of 44 px at least', async () => {
    const page = await demo();
    await chatWithAnswer(page);
    const targets = [
      chat(page).getByRole('button', { name: 'Talk to a person' }),
      chat(page).getByRole('button', { name: 'Helpful', exact: true }),
      chat(page).getByRole('button', { name: 'Not helpful' }),
      chat(page).getByRole('button', { name: 'New conversation' }),
    ];
    for (const target of targets) {
      const box = await target.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(44);
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
  });

  it('the panel opens and closes with an animation, none when the visitor prefers reduced motion', async () => {
    const animation = (page: Page) =>
      panel(page).evaluate((element) => getComputedStyle(element).animationName);
    const moving = await demo();
    await openChat(moving);
    expect(await animation(moving)).not.toBe('none');
    // Closing: while the panel is still shown after it closed, it is animated away.
    await moving.evaluate(() => {
      const host = document.querySelector('parley-chat') as HTMLElement;
      new MutationObserver(() => {
        const shown = host.shadowRoot?.querySelector('.panel');
        if (host.hasAttribute('closing') && shown)
          (window as { closingAnimation?: string }).closingAnimation = getComputedStyle(shown).animationName;
      }).observe(host, { attributes: true, attributeFilter: ['closing'] });
    });
    await moving.keyboard.press('Escape');
    const closing = await moving.waitForFunction(
      () => (window as { closingAnimation?: string }).closingAnimation,
    );
    expect(await closing.jsonValue()).toBe('parley-open');
    await panel(moving).waitFor({ state: 'hidden' });

    const still = await demo({ reducedMotion: 'reduce' });
    await openChat(still);
    expect(await animation(still)).toBe('none');
    await still.keyboard.press('Escape');
    await panel(still).waitFor({ state: 'hidden' });
    expect(await chat(still).getAttribute('closing')).toBeNull();
  });

  it('Tab and Shift+Tab stay inside the open panel; Escape closes it and returns to the launcher', async () => {
    const page = await demo();
    await chatWithAnswer(page);
    for (let presses = 0; presses < 15; presses++) {
      await page.keyboard.press('Tab');
      expect(await focusedInChat(page)).not.toBeNull();
    }
    for (let presses = 0; presses < 15; presses++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusedInChat(page)).not.toBeNull();
    }
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('parley-launcher');
  });
});
