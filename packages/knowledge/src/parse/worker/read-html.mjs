// HTML for the reading worker. Nesting is measured with the same parser html-to-text uses, in one
// linear pass, before html-to-text builds and walks its tree (which recurses once per level).

import { convert } from 'html-to-text';
import { Parser } from 'htmlparser2';
import { charsetOf, count, decodeText, normalizePageText, Refusal, requireText } from './text.mjs';

/** html-to-text truncates longer input silently; Parley refuses it instead. */
const maxHtmlCharacters = 1 << 24;

const dropped = ['script', 'style', 'noscript', 'template', 'nav', 'head', 'svg', 'iframe', 'object', 'img'];
const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** A table cell: its text, then a space, so that a row reads as one line. */
function tableCell(element, walk, builder) {
  walk(element.children, builder);
  builder.addInline(' ');
}

const selectors = [
  ...dropped.map((selector) => ({ selector, format: 'skip' })),
  { selector: 'a', options: { ignoreHref: true } },
  ...headings.map((selector) => ({ selector, options: { uppercase: false } })),
  { selector: 'table', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
  { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
  { selector: 'td', format: 'tableCell' },
  { selector: 'th', format: 'tableCell' },
  { selector: 'hr', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
];

/** The charset an HTML file declares in a `<meta>` tag within its first kilobyte. */
function metaCharset(bytes) {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i)?.[1] ?? null;
}

class TooDeep extends Error {}

/** Refuses HTML whose elements nest deeper than `maxDepth`, stopping at the first element too deep. */
export function refuseDeepNesting(html, maxDepth) {
  let depth = 0;
  const parser = new Parser({
    onopentag() {
      depth += 1;
      if (depth > maxDepth) throw new TooDeep();
    },
    onclosetag() {
      depth -= 1;
    },
  });
  try {
    parser.end(html);
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
    throw new Refusal(
      `The HTML document is nested too deeply: more than ${count(maxDepth)} elements inside one another (Parley reads at most ${count(maxDepth)})`,
    );
  }
}

/** HTML: one page of its visible text; scripts, styles, navigation and images dropped, link targets left out. */
export function readHtml(bytes, contentType, limits) {
  const html = decodeText(bytes, charsetOf(contentType) ?? metaCharset(bytes));
  if (html.length > maxHtmlCharacters) {
    throw new Refusal('The HTML document is too large: Parley reads at most 16 MB of HTML');
  }
  refuseDeepNesting(html, limits.maxHtmlDepth);
  const text = convert(html, {
    wordwrap: false,
    selectors,
    formatters: { tableCell },
    limits: { maxInputLength: maxHtmlCharacters },
  });
  return requireText([normalizePageText(text)]);
}
