/**
 * Issue 13 acceptance (problem 5), in Chromium: the widget speaks the chat's language — `data-lang`
 * on the script tag, or else the browser's — from a module loaded for that language only, and
 * every message is isolated (`dir="auto"`) so an English answer in a right-to-left chat reads
 * "Hi — I am…" with its period at the end. The host page's `data-strings` still win.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runAxe } from './support/axe.js';
import {
  answerQuestions,
  chat,
  gotoDemo,
  launcher,
  messages,
  useWidgetBrowser,
  waitForAnswer,
  waitForReady,
} from './support/widget-page.js';

const englishAnswer = 'Hi — I am the shop assistant. I can help with orders and returns.';

describe('widget acceptance: every language', () => {
  const fixture = useWidgetBrowser({ parley: { model: 'openai' }, hostSite: true });

  /** A visitor's page, and the language modules it fetched (paths under `/widget/lang/`). */
  async function visit(
    options: BrowserContextOptions = {},
  ): Promise<{ page: Page; languageModules: string[] }> {
    const context = await fixture.newVisitor(options);
    const page = await context.newPage();
    const languageModules: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/widget/lang/')) languageModules.push(pathname);
    });
    return { page, languageModules };
  }

  async function open(page: Page): Promise<void> {
    await launcher(page).click();
    await chat(page).locator('textarea').waitFor();
    await waitForReady(page);
  }

  it('data-lang="ar": Arabic texts, right to left, and an English answer reads left to right with its period at the end', async () => {
    answerQuestions(fixture.parley, { 'Who are you?': { content: englishAnswer } });
    const { page, languageModules } = await visit();
    await page.goto(await fixture.site.demo('/arabic', { script: { 'data-lang': 'ar' } }));
    await open(page);

    const box = chat(page).getByLabel('رسالتك');
    await box.waitFor();
    expect(await box.getAttribute('placeholder')).toBe('اكتب رسالة…');
    expect(await box.getAttribute('dir')).toBe('auto');
    await chat(page).getByRole('button', { name: 'إرسال' }).waitFor();
    await chat(page).getByRole('button', { name: 'إغلاق المحادثة' }).waitFor();
    // The launcher speaks Arabic too once the chat is open.
    await page.locator('parley-launcher').getByRole('button', { name: 'إغلاق المحادثة' }).waitFor();
    expect(
      await chat(page)
        .locator('.panel')
        .evaluate((element) => getComputedStyle(element).direction),
    ).toBe('rtl');

    await box.fill('Who are you?');
    await box.press('Enter');
    expect(await waitForAnswer(page)).toBe(englishAnswer);
    const answer = messages(page, 'assistant').last().locator('.bubble');
    // As a reader sees it: the period that ends the answer is right of the word it ends (in a
    // right-to-left paragraph it would jump to the far left: ".Hi — I am…").
    const placement = await answer.evaluate((element) => {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode() as Text;
      const at = (offset: number) => {
        const range = document.createRange();
        range.setStart(text, offset);
        range.setEnd(text, offset + 1);
        return range.getBoundingClientRect();
      };
      const content = text.data;
      const period = content.lastIndexOf('.');
      return { lastWord: at(period - 1).left, period: at(period).left };
    });
    expect(placement.period).toBeGreaterThan(placement.lastWord);
    expect(await answer.getAttribute('dir')).toBe('auto');
    expect(await answer.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
    // Its time in Arabic too ("just now"; later ones by Intl in the chat's language).
    expect(await messages(page, 'assistant').last().locator('time').textContent()).toBe('الآن');
    // The user's own (English) message is isolated too.
    expect(await messages(page, 'user').last().locator('.bubble').getAttribute('dir')).toBe('auto');

    expect(languageModules).toEqual(['/widget/lang/ar.js']);
    const { violations } = await runAxe(page);
    expect(violations).toEqual([]);
    await page.screenshot({ path: `${fixture.parley.dataDirectory}/languages-arabic.png` });
  });

  it('data-lang="ja": Japanese texts, from the Japanese module only', async () => {
    const { page, languageModules } = await visit();
    await page.goto(await fixture.site.demo('/japanese', { script: { 'data-lang': 'ja' } }));
    await open(page);
    await chat(page).getByLabel('メッセージ', { exact: true }).waitFor();
    await chat(page).getByRole('button', { name: '送信' }).waitFor();
    expect(languageModules).toEqual(['/widget/lang/ja.js']);
    await page.screenshot({ path: `${fixture.parley.dataDirectory}/languages-japanese.png` });
  });

  it('without data-lang, a French browser gets French texts; an English one loads no language module', async () => {
    const french = await visit({ locale: 'fr-FR' });
    await gotoDemo(french.page, fixture.parley);
    await open(french.page);
    await chat(french.page).getByLabel('Votre message').waitFor();
    await chat(french.page).getByRole('button', { name: 'Envoyer' }).waitFor();
    expect(await chat(french.page).getAttribute('lang')).toBe('fr-FR');
    // The launcher takes the chat's language once the chat has opened.
    const frenchLauncher = french.page.locator('parley-launcher');
    await frenchLauncher.getByRole('button', { name: 'Fermer le chat' }).waitFor();
    expect(await frenchLauncher.getAttribute('lang')).toBe('fr-FR');
    expect(french.languageModules).toEqual(['/widget/lang/fr.js']);

    const english = await visit({ locale: 'en-US' });
    await gotoDemo(english.page, fixture.parley);
    await open(english.page);
    await chat(english.page).getByLabel('Your message').waitFor();
    expect(english.languageModules).toEqual([]);
  });

  it('data-strings still win over the built-in translation', async () => {
    const { page } = await visit();
    await page.goto(
      await fixture.site.demo('/german', {
        script: { 'data-lang': 'de', 'data-strings': JSON.stringify({ send: 'Abschicken' }) },
      }),
    );
    await open(page);
    await chat(page).getByRole('button', { name: 'Abschicken' }).waitFor();
    await chat(page).getByLabel('Ihre Nachricht').waitFor();
  });
});
