/**
 * The launcher's texts, in English, and the slot filler: all the loader (`widget.js`) takes of the
 * widget's texts (a module of their own, so the loader holds nothing else of `strings.ts`).
 */
export const launcherStrings = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: '{count} unread',
};

/** Fills `{name}` slots; a slot without a value stays empty. */
export function formatString(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_slot, name: string) => String(values[name] ?? ''));
}
