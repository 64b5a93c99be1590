import { html, nothing, type TemplateResult } from 'lit';
import type { ParleyStrings } from '../strings/strings.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** "just now", "5 minutes ago", "yesterday"… in the chat's language (`Intl`), from `at` to `now`. */
export function relativeTime(
  at: number,
  now: number,
  locale: string | undefined,
  strings: ParleyStrings,
): string {
  const elapsed = Math.max(0, now - at);
  if (elapsed < minute) return strings.justNow;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (elapsed < hour) return format.format(-Math.floor(elapsed / minute), 'minute');
  if (elapsed < day) return format.format(-Math.floor(elapsed / hour), 'hour');
  return format.format(-Math.floor(elapsed / day), 'day');
}

/** When a message was written: relative, the exact date and time on hover (`title`) and in `datetime`. */
export function renderTime(
  iso: string | undefined,
  locale: string | undefined,
  strings: ParleyStrings,
): TemplateResult | typeof nothing {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(at)) return nothing;
  const exact = new Date(at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return html`<time part="time" datetime=${new Date(at).toISOString()} title=${exact}
    >${relativeTime(at, Date.now(), locale, strings)}</time
  >`;
}
