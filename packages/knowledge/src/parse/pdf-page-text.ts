import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';

/** A vertical gap this many times the font height between two lines marks a new paragraph. */
const paragraphGap = 1.6;

function isTextItem(item: TextContent['items'][number]): item is TextItem {
  return 'str' in item;
}

/**
 * Joins a page's text items: a line break wherever pdf.js marks the end of a line, a blank line where
 * the next line starts well below (or above, as in a new column) the previous one.
 */
export function pageText(content: TextContent): string {
  let text = '';
  let lineBreakPending = false;
  let previousBaseline: number | null = null;
  let previousHeight = 0;
  for (const item of content.items) {
    if (!isTextItem(item)) continue;
    if (item.str !== '') {
      const baseline = Number(item.transform[5]);
      if (lineBreakPending) {
        const gap = previousBaseline === null ? 0 : previousBaseline - baseline;
        const height = Math.max(previousHeight, item.height, 1);
        text += gap > height * paragraphGap || gap < -height ? '\n\n' : '\n';
        lineBreakPending = false;
      }
      text += item.str;
      previousBaseline = baseline;
      previousHeight = item.height;
    }
    if (item.hasEOL) lineBreakPending = true;
  }
  return text;
}
