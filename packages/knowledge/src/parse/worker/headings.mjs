// Headings for the reading worker (plain JavaScript: see read-document.mjs): where each h1–h3 of a
// Markdown or HTML page starts, so that passages can name the section they sit under.

/** A section's name is at most this long; longer headings are cut at a word. */
const maxHeadingCharacters = 200;

/** Marks an HTML heading in the extracted text: private-use characters, removed from the input first. */
export const headingStart = '\uE000';
export const headingEnd = '\uE001';

/** A heading's text as one line of plain text, at most 200 characters. */
export function plainHeading(text) {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= maxHeadingCharacters) return line;
  const cut = line.slice(0, maxHeadingCharacters - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxHeadingCharacters / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Inline Markdown as the reader sees it: links and images by their text, emphasis and code marks dropped. */
function markdownInline(text) {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

const atxHeading = /^ {0,3}(#{1,3})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const fence = /^ {0,3}(```|~~~)/;

/** The `#`–`###` headings of a Markdown page, outside fenced code blocks, with where each line starts. */
export function markdownHeadings(page) {
  const headings = [];
  let inFence = null;
  let at = 0;
  for (const line of page.split('\n')) {
    const fenceMark = line.match(fence)?.[1];
    if (fenceMark && (inFence === null || inFence === fenceMark)) inFence = inFence === null ? fenceMark : null;
    else if (inFence === null) {
      const match = line.match(atxHeading);
      const text = match ? plainHeading(markdownInline(match[2])) : '';
      if (text !== '') headings.push({ page_number: 1, at, text });
    }
    at += line.length + 1;
  }
  return headings;
}

/** Takes the heading marks out of extracted HTML text, and says where each marked heading starts. */
export function takeHeadingMarks(page) {
  const headings = [];
  let text = '';
  let from = 0;
  for (;;) {
    const start = page.indexOf(headingStart, from);
    if (start === -1) break;
    const end = page.indexOf(headingEnd, start);
    if (end === -1) break;
    text += page.slice(from, start);
    const heading = page.slice(start + 1, end);
    const name = plainHeading(heading);
    if (name !== '') headings.push({ page_number: 1, at: text.length, text: name });
    text += heading;
    from = end + 1;
  }
  text += page.slice(from);
  return { page: text.replaceAll(headingStart, '').replaceAll(headingEnd, ''), headings };
}
