/** Issue 13: the widget's built-in languages, each a module with every English text translated (the notifier's too). */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  builtInLanguage as notifierLanguages,
  notifyStrings,
} from '../packages/widget/src/notify/notify-strings.js';
import { builtInLanguage, languageCode } from '../packages/widget/src/strings/languages.js';
import {
  defaultStrings,
  type NotifyStrings,
  type ParleyStrings,
} from '../packages/widget/src/strings/strings.js';

/** Every English text a language module translates: the chat's, and the notifier's (`widget/notify.js`). */
const english: Record<string, string> = { ...defaultStrings, ...notifyStrings };

const codes = readdirSync(new URL('../packages/widget/src/strings/lang/', import.meta.url)).map((file) =>
  file.replace(/\.ts$/, ''),
);

/** The `{name}` slots of a text, sorted. */
function slots(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

describe('built-in languages', () => {
  it('are the issue’s seventeen: English built in, sixteen modules', () => {
    expect(codes.sort()).toEqual(
      ['ar', 'de', 'es', 'fr', 'he', 'hi', 'it', 'ja', 'ko', 'nl', 'pl', 'pt', 'ru', 'tr', 'uk', 'zh'].sort(),
    );
    for (const code of [...codes, 'en']) expect(builtInLanguage.test(code), code).toBe(true);
    // The notifier (`widget/notify.js`) repeats the list rather than share a module with the chat.
    expect(notifierLanguages.source).toBe(builtInLanguage.source);
  });

  it.each(codes)('%s has exactly the keys of the English texts, each with the same {slots}', async (code) => {
    const strings: ParleyStrings & NotifyStrings = (
      await import(`../packages/widget/src/strings/lang/${code}.ts`)
    ).default;
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(english)) {
      const translated = strings[key as keyof typeof strings];
      expect(translated.trim(), `${code}.${key}`).not.toBe('');
      expect(slots(translated), `${code}.${key}`).toEqual(slots(text));
      // Text only: the widget renders every string as text, and none needs markup.
      expect(translated, `${code}.${key}`).not.toMatch(/[<>]/);
    }
  });

  it('a language tag gets the texts of its language, any other English', () => {
    const cases: Record<string, string> = {
      ar: 'ar',
      'pt-BR': 'pt',
      'pt-PT': 'pt',
      'zh-Hant': 'zh',
      'zh-TW': 'zh',
      'zh-Hans-CN': 'zh',
      'EN-gb': 'en',
      'fr-CA': 'fr',
      HE: 'he',
      'uk-UA': 'uk',
      sv: 'en',
      fil: 'en',
      hil: 'en',
      '': 'en',
    };
    for (const [tag, code] of Object.entries(cases)) expect(languageCode(tag), tag).toBe(code);
  });
});
