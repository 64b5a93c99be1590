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
