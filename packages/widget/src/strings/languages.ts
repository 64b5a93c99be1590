/**
 * English and the languages with built-in texts: English is built into the chat module; each
 * other is a module of its own, `widget/lang/<code>.js` (`src/strings/lang/<code>.ts`), loaded only
 * by a chat in that language (see `ChatPanel.scheduleUpdate`).
 */
export const builtInLanguage = /^(en|fr|de|es|it|pt|nl|pl|tr|ar|he|ru|uk|ja|zh|ko|hi)\b/i;

/** Whose built-in texts a language tag gets: `pt-BR` → `pt`, `zh-Hant-TW` → `zh`, any other → `en`. */
export function languageCode(tag: string): string {
  return (builtInLanguage.exec(tag)?.[1] ?? 'en').toLowerCase();
}
