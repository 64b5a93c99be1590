import { accountStrings } from './account.js';
import { shellStrings } from './shell.js';

/**
 * Every text the console shows, in one table: one part per area (`strings/<area>.ts`), merged here.
 * `{name}` slots are filled by `format`.
 */
export const strings = {
  shell: shellStrings,
  account: accountStrings,
};

/** Fills the `{name}` slots of a text; a slot without a value stays as written. */
export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (slot, name: string) => (name in values ? String(values[name]) : slot));
}
