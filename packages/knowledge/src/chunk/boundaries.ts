/** Where a page may be cut: `index` is where a passage ends; the next begins at the next non-space character. */

const whitespace = /\s/;
const paragraphBreak = /\n[^\S\n]*\n/y;
const sentenceEnd = /[.!?…。！？]/;
const closing = /["'”’)\]»]/;

export function isSpace(text: string, index: number): boolean {
  return whitespace.test(text.charAt(index));
}

/** A blank line starts at `index`. */
export function isParagraphBreak(text: string, index: number): boolean {
  paragraphBreak.lastIndex = index;
  return paragraphBreak.test(text);
}

/** A line break at `index`. */
export function isLineBreak(text: string, index: number): boolean {
  return text.charAt(index) === '\n';
}

/** A sentence ends just before `index`: terminal punctuation, maybe closing quotes, then a space. */
export function isSentenceBreak(text: string, index: number): boolean {
  if (!isSpace(text, index)) return false;
  let before = index - 1;
  while (before > 0 && closing.test(text.charAt(before))) before--;
  return sentenceEnd.test(text.charAt(before));
}

/** A word ends just before `index`. */
export function isWordBreak(text: string, index: number): boolean {
  return index > 0 && isSpace(text, index) && !isSpace(text, index - 1);
}

/** A word starts at `index`. */
export function isWordStart(text: string, index: number): boolean {
  return index > 0 && !isSpace(text, index) && isSpace(text, index - 1);
}

/** A sentence starts at `index`: a word start after the end of a sentence. */
export function isSentenceStart(text: string, index: number): boolean {
  if (!isWordStart(text, index)) return false;
  let space = index - 1;
  while (space > 0 && isSpace(text, space - 1)) space--;
  return isSentenceBreak(text, space);
}

export function nextNonSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSpace(text, index)) index++;
  return index;
}

export function previousNonSpaceEnd(text: string, to: number): number {
  let index = to;
  while (index > 0 && isSpace(text, index - 1)) index--;
  return index;
}
