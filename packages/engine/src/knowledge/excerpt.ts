const stopWords = new Set(
  'a an and are as at be by can do does for from how i in is it its me my of on or our so that the their this to was what when where which who why will with you your'.split(
    ' ',
  ),
);

/** The words of a text that carry meaning, lowercased, with a light plural/tense stem. */
export function keywords(text: string): Set<string> {
  const words =
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(
    words
      .filter((word) => word.length > 1 && !stopWords.has(word))
      .map((word) => word.replace(/(?:ies|es|s|ed|ing)$/, '') || word),
  );
}

/** The sentences of a passage, each an exact substring of it. */
export function sentencesOf(text: string): string[] {
  return (text.match(/[^.!?\n]+(?:[.!?]+|$)/g) ?? [])
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/** The sentence of `text` that shares the most meaning with `question` (verbatim), or null. */
export function bestSentence(text: string, question: string): string | null {
  return supportingSentence(text, question, '');
}

/** How many of `words` the text's keywords hold. */
function overlapWith(words: Set<string>, text: string): number {
  let overlap = 0;
  for (const word of keywords(text)) if (words.has(word)) overlap += 1;
  return overlap;
}

/** A text's words alone, lowercased: to see whether one text repeats another word for word. */
const spaced = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * The sentence of `text` that supports `claim` (the answer's sentence that cites it) best, the
 * question breaking ties (and choosing alone without a claim); between equals, one the claim does
 * not already repeat word for word. Null when no sentence shares a word with either.
 */
export function supportingSentence(text: string, question: string, claim: string): string | null {
  const asked = keywords(question);
  const claimed = keywords(claim);
  const repeated = spaced(claim);
  let best: { sentence: string; score: number } | null = null;
  for (const sentence of sentencesOf(text)) {
    const fromClaim = overlapWith(claimed, sentence);
    const fromQuestion = overlapWith(asked, sentence);
    if (fromClaim + fromQuestion === 0) continue;
    const score = fromClaim * 4 + fromQuestion * 2 - (repeated.includes(spaced(sentence)) ? 1 : 0);
    if (!best || score > best.score) best = { sentence, score };
  }
  return best?.sentence ?? null;
}

/** The sentence of `answer` that carries the marker `[n]`, without its markers: what citation `n` supports. */
export function citingSentence(answer: string, number: number): string {
  const marker = `[${number}]`;
  const at = answer.indexOf(marker);
  if (at === -1) return '';
  const before = answer.slice(0, at);
  const start = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), -1) + 1;
  // The marker usually closes its sentence ("… 30 days [1]." or "… 30 days.[1]"): the sentence is before it.
  const sentence = before.slice(start).trim() || answer.slice(at + marker.length).split(/[.!?\n]/)[0] || '';
  return sentence.replace(/\[\d{1,3}\]/g, ' ').trim();
}

/**
 * A verbatim excerpt of a passage for a citation: the sentence that best
 * supports the answer's claim (or answers the question), widened by its
 * neighbours to about `wanted` characters, never past `maximum`.
 */
export function excerptOf(text: string, question: string, maximum = 320, wanted = 120, claim = ''): string {
  const sentence = supportingSentence(text, question, claim);
  if (!sentence) return text.length <= maximum ? text.trim() : text.slice(0, maximum).trim();
  const start = text.indexOf(sentence);
  let from = start;
  let to = start + sentence.length;
  while (to - from < Math.min(wanted, maximum)) {
    const previous = text.lastIndexOf('.', from - 2);
    const next = text.indexOf('.', to + 1);
    const grewBefore = previous !== -1 && to - (previous + 1) <= maximum ? previous + 1 : -1;
    const grewAfter = next !== -1 && next + 1 - from <= maximum ? next + 1 : -1;
    if (grewAfter !== -1) to = grewAfter;
    else if (grewBefore !== -1) from = grewBefore;
    else break;
  }
  return text.slice(from, to).trim();
}
