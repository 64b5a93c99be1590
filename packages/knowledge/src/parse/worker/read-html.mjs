// HTML for the reading worker. Nesting is measured with the same parser html-to-text uses, in one
// linear pass, before html-to-text builds and walks its tree (which recurses once per level).

import { convert } from 'html-to-text';
import { Parser } from 'htmlparser2';
import { headingEnd, headingStart, takeHeadingMarks } from './headings.mjs';
import { charsetOf, count, decodeText, normalizePageText, Refusal, requireText } from './text.mjs';

/** html-to-text truncates longer input silently; Parley refuses it instead. */
const maxHtmlCharacters = 1 << 24;

const dropped = ['script', 'style', 'noscript', 'template', 'nav', 'head', 'svg', 'iframe', 'object', 'img'];
const sectionHeadings = ['h1', 'h2', 'h3'];
const minorHeadings = ['h4', 'h5', 'h6'];

/** An h1–h3: a block like html-to-text's own headings, its text between marks so that its place can be found. */
function sectionHeading(element, walk, builder, formatOptions) {
  builder.openBlock({ leadingLineBreaks: formatOptions.leadingLineBreaks ?? 2 });
  builder.addLiteral(headingStart);
  walk(element.children, builder);
  builder.addLiteral(headingEnd);
  builder.closeBlock({ trailingLineBreaks: formatOptions.trailingLineBreaks ?? 2 });
}

/** A table cell: its text, then a space, so that a row reads as one line. */
function tableCell(element, walk, builder) {
  walk(element.children, builder);
  builder.addInline(' ');
}

const selectors = [
  ...dropped.map((selector) => ({ selector, format: 'skip' })),
  { selector: 'a', options: { ignoreHref: true } },
  ...sectionHeadings.map((selector) => ({ selector, format: 'sectionHeading' })),
  ...minorHeadings.map((selector) => ({ selector, options: { uppercase: false } })),
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

/**
 * HTML: one page of its visible text, and its h1–h3 headings; scripts, styles, navigation and images
 * dropped, link targets left out.
 */
export function readHtml(bytes, contentType, limits) {
  const html = decodeText(bytes, charsetOf(contentType) ?? metaCharset(bytes)).replace(/[\uE000\uE001]/g, '');
  if (html.length > maxHtmlCharacters) {
    throw new Refusal('The HTML document is too large: Parley reads at most 16 MB of HTML');
  }
  refuseDeepNesting(html, limits.maxHtmlDepth);
  const text = convert(html, {
    wordwrap: false,
    selectors,
    formatters: { tableCell, sectionHeading },
    limits: { maxInputLength: maxHtmlCharacters },
  });
  const { page, headings } = takeHeadingMarks(normalizePageText(text));
  return { pages: requireText([page]), headings };
}
