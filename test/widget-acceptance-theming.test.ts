/**
 * Issue 4 acceptance, in Chromium: a website owner themes the widget from the host page — the
 * accent colour by a CSS custom property, any part by `::part()`, the dark theme and the position
 * by `data-*`, a right-to-left language, their own texts — and on a phone the open chat fills the
 * screen.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
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
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

function computed(page: Page, selector: string, property: string): Promise<string> {
  return chat(page)
    .locator(selector)
    .first()
    .evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
}

describe('widget acceptance: theming, languages, mobile', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await fixture.newVisitor(options);
    return context.newPage();
  }

  it('--parley-accent and ::part() rules of the host page restyle the launcher, header and send button', async () => {
    const page = await newPage();
    await page.goto(
      await fixture.site.demo('/branded', {
        head: `<style>
          :root { --parley-accent: rgb(200, 30, 90); }
          parley-chat::part(header) { border-bottom: 4px solid rgb(10, 20, 30); }
          parley-chat::part(send-button) { border-radius: 3px; }
          parley-launcher::part(launcher) { border-radius: 12px; }
        </style>`,
      }),
    );
    await launcher(page).waitFor();
    expect(await launcher(page).evaluate((button) => getComputedStyle(button).backgroundColor)).toBe(
      'rgb(200, 30, 90)',
    );
    expect(await launcher(page).evaluate((button) => getComputedStyle(button).borderRadius)).toBe('12px');
    await openChat(page);
    expect(await computed(page, '[part~="header"]', 'background-color')).toBe('rgb(200, 30, 90)');
    expect(await computed(page, '[part~="send-button"]', 'background-color')).toBe('rgb(200, 30, 90)');
    expect(await computed(page, '[part~="header"]', 'border-bottom')).toBe('4px solid rgb(10, 20, 30)');
    expect(await computed(page, '[part~="send-button"]', 'border-radius')).toBe('3px');
    // The light theme by default: a white panel.
    expect(await computed(page, '.panel', 'background-color')).toBe('rgb(255, 255, 255)');
  });

  it('data-theme="dark" gives a dark panel, "auto" follows the visitor, data-position="left" moves it', async () => {
    const page = await newPage();
    await page.goto(
      await fixture.site.demo('/dark', { script: { 'data-theme': 'dark', 'data-position': 'left' } }),
    );
    await openChat(page);
    const background = await computed(page, '.panel', 'background-color');
    const text = await computed(page, '.panel', 'color');
    const lightness = (colour: string) => {
      const [red = 0, green = 0, blue = 0] = (colour.match(/\d+/g) ?? []).map(Number);
      return (red + green + blue) / 3;
    };
    expect(lightness(background)).toBeLessThan(60);
    expect(lightness(text)).toBeGreaterThan(200);
    const viewport = page.viewportSize() ?? { width: 1280, height: 720 };
    const box = await panel(page).boundingBox();
    expect((box?.x ?? viewport.width) + (box?.width ?? 0) / 2).toBeLessThan(viewport.width / 2);
    const launcherBox = await launcher(page).boundingBox();
    expect(launcherBox?.x ?? viewport.width).toBeLessThan(viewport.width / 2);

    const darkVisitor = await newPageInScheme('dark');
    await darkVisitor.goto(await fixture.site.demo('/auto', { script: { 'data-theme': 'auto' } }));
    await openChat(darkVisitor);
    expect(await computed(darkVisitor, '.panel', 'background-color')).toBe(background);
    await darkVisitor.context().close();
  });

  async function newPageInScheme(colorScheme: 'dark' | 'light'): Promise<Page> {
    const other = await fixture.browser.newContext({ colorScheme });
    return other.newPage();
  }

  it('a right-to-left language lays the chat out right to left; data-strings replace the texts', async () => {
    const page = await newPage();
    answerQuestions(fixture.parley, { مرحبا: { content: 'أهلا وسهلا! كيف يمكنني المساعدة؟' } });
    await page.goto(
      await fixture.site.demo('/arabic', {
        script: {
          'data-lang': 'ar',
          'data-strings': JSON.stringify({
            openChat: 'افتح المحادثة',
            inputLabel: 'رسالتك',
            placeholder: 'اكتب رسالة…',
            send: 'إرسال',
          }),
        },
      }),
    );
    const arabicLauncher = page.locator('parley-launcher').getByRole('button', { name: 'افتح المحادثة' });
    await arabicLauncher.click();
    const box = chat(page).getByLabel('رسالتك');
    await box.waitFor();
    await waitForReady(page);
    expect(await box.getAttribute('placeholder')).toBe('اكتب رسالة…');
    expect(await chat(page).getAttribute('lang')).toBe('ar');
    expect(await computed(page, '.panel', 'direction')).toBe('rtl');

    await box.fill('مرحبا');
    await chat(page).getByRole('button', { name: 'إرسال' }).click();
    await waitForAnswer(page);
    // Right to left: the user's bubble on the left, the answer on the right; the send button left of the box.
    const user = await messages(page, 'user').first().locator('.bubble').boundingBox();
    const answer = await messages(page, 'assistant').first().locator('.bubble').boundingBox();
    const panelBox = await panel(page).boundingBox();
    if (!user || !answer || !panelBox) throw new Error('The messages are not laid out');
    const panelRight = panelBox.x + panelBox.width;
    expect(user.x - panelBox.x).toBeLessThan(20);
    expect(user.x + user.width / 2).toBeLessThan(panelBox.x + panelBox.width / 2);
    expect(panelRight - (answer.x + answer.width)).toBeLessThan(20);
    const send = await chat(page).getByRole('button', { name: 'إرسال' }).boundingBox();
    const textBox = await box.boundingBox();
    expect((send?.x ?? 0) + (send?.width ?? 0)).toBeLessThanOrEqual(textBox?.x ?? 0);
  });

  it('on a phone (375×667, touch) the open chat fills the screen and works by touch', async () => {
    const page = await newPage({
      viewport: { width: 375, height: 667 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    answerQuestions(fixture.parley, { 'Hi from my phone': { content: 'Hello, phone user!' } });
    await gotoDemo(page, fixture.parley);
    await launcher(page).tap();
    await input(page).waitFor();
    await waitForReady(page);
    // The panel covers the layout viewport (what `position: fixed` fills), which covers the screen.
    const box = await panel(page).boundingBox();
    const layout = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
    if (!box) throw new Error('The panel is not shown');
    expect(Math.abs(box.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.width - layout.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(box.height - layout.height)).toBeLessThanOrEqual(1);
    expect(box.width).toBeGreaterThanOrEqual(375 - 1);
    expect(box.height).toBeGreaterThanOrEqual(667 - 1);
    // Text of at least 16px in the box, so the phone does not zoom in while typing.
    expect(Number.parseFloat(await computed(page, 'textarea', 'font-size'))).toBeGreaterThanOrEqual(16);

    await input(page).fill('Hi from my phone');
    await chat(page).getByRole('button', { name: 'Send' }).tap();
    expect(await waitForAnswer(page)).toBe('Hello, phone user!');
    await chat(page).getByRole('button', { name: 'Close chat' }).tap();
    await panel(page).waitFor({ state: 'hidden' });
    await launcher(page).waitFor();
  });
});
