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
  const asked = keywords(question);
  let best: { sentence: string; overlap: number } | null = null;
  for (const sentence of sentencesOf(text)) {
    let overlap = 0;
    for (const word of keywords(sentence)) if (asked.has(word)) overlap += 1;
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { sentence, overlap };
  }
  return best?.sentence ?? null;
}

/**
 * A verbatim excerpt of a passage for a citation: the sentence that best
 * answers the question, widened by its neighbours to about `wanted`
 * characters, never past `maximum`.
 */
export function excerptOf(text: string, question: string, maximum = 320, wanted = 120): string {
  const sentence = bestSentence(text, question);
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
