import type { NotifyStrings } from '../strings/strings.js';

/**
 * The notifier's texts in English, part of `widget/notify.js` (not of the chat module: they cost the
 * open chat nothing). Each built-in language has them in `lang/<code>.ts`; a host overrides them by
 * these keys (`data-strings`). `{count}`: how many replies are unread, `{name}`: who wrote the last one.
 */
export const notifyStrings: NotifyStrings = {
  unreadFromOne: '1 unread message from {name}',
  unreadFrom: '{count} unread messages from {name}',
};

/**
 * The languages with built-in texts, as `src/strings/languages.ts` says (repeated, not imported: the
 * notifier shares no module with the chat; `test/widget-languages.test.ts` checks they agree).
 */
export const builtInLanguage = /^(en|fr|de|es|it|pt|nl|pl|tr|ar|he|ru|uk|ja|zh|ko|hi)\b/i;
