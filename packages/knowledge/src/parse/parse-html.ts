import { DocumentParseError } from '@parley/engine';
import { convert, type FormatCallback, type SelectorDefinition } from 'html-to-text';
import { charsetOf, decodeText } from './decode-text.js';
import { requireText } from './no-text.js';
import { normalizePageText } from './normalize-text.js';

/** html-to-text truncates longer input silently; Parley refuses it instead. */
const maxHtmlCharacters = 1 << 24;

const dropped = ['script', 'style', 'noscript', 'template', 'nav', 'head', 'svg', 'iframe', 'object', 'img'];
const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

const selectors: SelectorDefinition[] = [
  ...dropped.map((selector) => ({ selector, format: 'skip' })),
  { selector: 'a', options: { ignoreHref: true } },
  ...headings.map((selector) => ({ selector, options: { uppercase: false } })),
  { selector: 'table', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
  { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  { selector: 'td', format: 'tableCell' },
  { selector: 'th', format: 'tableCell' },
  { selector: 'hr', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
];

/** A table cell: its text, then a space, so that a row reads as one line. */
const tableCell: FormatCallback = (element, walk, builder) => {
  walk(element.children, builder);
  builder.addInline(' ');
};

/** The charset an HTML file declares in a `<meta>` tag within its first kilobyte. */
function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1] ?? null;
}

/** HTML: one page of its visible text; scripts, styles, navigation and images dropped, link targets left out. */
export function parseHtml(bytes: Uint8Array, contentType: string | null = null): string[] {
  const html = decodeText(bytes, charsetOf(contentType) ?? metaCharset(bytes));
  if (html.length > maxHtmlCharacters) {
    throw new DocumentParseError('The HTML document is too large: Parley reads at most 16 MB of HTML');
  }
  const text = convert(html, {
    wordwrap: false,
    selectors,
    formatters: { tableCell },
    limits: { maxInputLength: maxHtmlCharacters },
  });
  return requireText([normalizePageText(text)]);
}
