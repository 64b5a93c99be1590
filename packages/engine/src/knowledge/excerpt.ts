/**
 * Excerpts of passages: the sentence that supports an answer. Sentences are split by the runtime's
 * sentence segmenter (`Intl.Segmenter`, ICU's rules) in the passage's language, detected from its
 * writing system as retrieval does (`packages/knowledge/src/index/scripts.ts`), so `。` (Japanese,
 * Chinese), `؟` (Arabic), `।` (Hindi) and `.`/`!`/`?` end sentences alike; words of scripts written
 * without spaces come from the word segmenter.
 */
const stopWords = new Set(
  'a an and are as at be by can do does for from how i in is it its me my of on or our so that the their this to was what when where which who why will with you your'.split(
    ' ',
  ),
);

/** A language for each writing system other than the Latin alphabet, by the first letter that names one. */
const languageByScript: [RegExp, string][] = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Hangul}/u, 'ko'],
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/\p{Script=Cyrillic}/u, 'ru'],
  [/\p{Script=Thai}/u, 'th'],
];

const beyondAscii = /[^\u0020-\u007e\s]/;
const nonLatinLetter = /[^\p{Script=Latin}\P{L}]/u;

/** The language of a text for segmenting it: from its first letter outside the Latin alphabet; else English. */
export function segmentingLanguageOf(text: string): string {
  if (!beyondAscii.test(text)) return 'en';
  const letter = nonLatinLetter.exec(text)?.[0];
  if (!letter) return 'en';
  // Han letters are Japanese when the text also has kana.
  if (/\p{Script=Han}/u.test(letter) && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'ja';
  for (const [pattern, language] of languageByScript) if (pattern.test(letter)) return language;
  return 'en';
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterOf(language: string, granularity: 'sentence' | 'word'): Intl.Segmenter {
  const name = `${language}:${granularity}`;
  let segmenter = segmenters.get(name);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity });
    segmenters.set(name, segmenter);
  }
  return segmenter;
}

/** Scripts written without spaces between words. */
const unspaced =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** The words of a text, lowercased, marks removed; the word segmenter's for scripts without spaces. */
function wordsOf(text: string): string[] {
  const folded = text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
  if (!unspaced.test(folded)) return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  const words: string[] = [];
  for (const { segment, isWordLike } of segmenterOf(segmentingLanguageOf(folded), 'word').segment(folded))
    if (isWordLike) words.push(segment);
  return words;
}

/** The words of a text that carry meaning, lowercased, with a light plural/tense stem. */
export function keywords(text: string): Set<string> {
  return new Set(
    wordsOf(text)
      .filter((word) => word.length > 1 && !stopWords.has(word))
      .map((word) => word.replace(/(?:ies|es|s|ed|ing)$/, '') || word),
  );
}

interface Span {
  start: number;
  end: number;
}

/** A Markdown heading line: a title, not a sentence that could support an answer. */
const heading = /^#{1,6}\s/;

/** How a sentence ends, in any of the scripts segmented (a closing quote or bracket may follow). */
const endsAsSentence = /[.!?;:…。！？；：؟।]["'”’»)\]]*$/u;

/**
 * A title on a line of its own, as a PDF page or a plain-text file opens ("Acme return policy"): a few
 * words, no full stop, no table cell, the line ending there. It names what follows; it answers nothing.
 */
function isTitleLine(segment: string, trimmed: string): boolean {
  return (
    /\n\s*$/.test(segment) &&
    !endsAsSentence.test(trimmed) &&
    !trimmed.includes('|') &&
    trimmed.split(/\s+/).length <= 8
  );
}

/**
 * Where each sentence of a text is (white space around it left out), in the text's language. Markdown
 * headings are skipped, and so are title lines when the text has a sentence besides them.
 */
function sentenceSpans(text: string, language = segmentingLanguageOf(text)): Span[] {
  const spans: Span[] = [];
  const titles: Span[] = [];
  for (const { segment, index } of segmenterOf(language, 'sentence').segment(text)) {
    const leading = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (trimmed.length === 0 || heading.test(trimmed)) continue;
    const span = { start: index + leading, end: index + leading + trimmed.length };
    (isTitleLine(segment, trimmed) ? titles : spans).push(span);
  }
  return spans.length > 0 ? spans : titles;
}

/** The sentences of a passage, each an exact substring of it. */
export function sentencesOf(text: string): string[] {
  return sentenceSpans(text).map((span) => text.slice(span.start, span.end));
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

/** How well each sentence supports the claim (4 a shared word), the question (2 a word) breaking ties; 0: shares none. */
function spanScores(text: string, question: string, claim: string, spans: Span[]): number[] {
  const asked = keywords(question);
  const claimed = keywords(claim);
  const repeated = spaced(claim);
  return spans.map((span) => {
    const sentence = text.slice(span.start, span.end);
    const fromClaim = overlapWith(claimed, sentence);
    const fromQuestion = overlapWith(asked, sentence);
    if (fromClaim + fromQuestion === 0) return 0;
    return fromClaim * 4 + fromQuestion * 2 - (repeated.includes(spaced(sentence)) ? 1 : 0);
  });
}

/** The index in `spans` of the sentence that supports the claim best (see `supportingSentence`), or null. */
function supportingSpan(text: string, question: string, claim: string, spans: Span[]): number | null {
  let best: { index: number; score: number } | null = null;
  for (const [index, score] of spanScores(text, question, claim, spans).entries())
    if (score > 0 && (!best || score > best.score)) best = { index, score };
  return best?.index ?? null;
}

/** A sentence of a passage that shares words with a question, and how many (2 a word). */
export interface ScoredSentence {
  sentence: string;
  score: number;
}

/** The sentences of `text` that share a word with `question`, in the passage's order, each with its score. */
export function answeringSentences(text: string, question: string): ScoredSentence[] {
  const spans = sentenceSpans(text);
  const scores = spanScores(text, question, '', spans);
  const found: ScoredSentence[] = [];
  for (const [index, span] of spans.entries()) {
    const score = scores[index] ?? 0;
    if (score > 0) found.push({ sentence: text.slice(span.start, span.end), score });
  }
  return found;
}

/**
 * The sentence of `text` that supports `claim` (the answer's sentence that cites it) best, the
 * question breaking ties (and choosing alone without a claim); between equals, one the claim does
 * not already repeat word for word. Null when no sentence shares a word with either.
 */
export function supportingSentence(text: string, question: string, claim: string): string | null {
  const spans = sentenceSpans(text);
  const index = supportingSpan(text, question, claim, spans);
  const span = index === null ? undefined : spans[index];
  return span ? text.slice(span.start, span.end) : null;
}

const marker = /\[\d{1,3}\]/g;

/**
 * The sentence of `answer` that carries the marker `[n]`, without its markers: what citation `n`
 * supports. A marker closing its sentence ("… 30 days [1]." or "… 30 days.[1]") belongs to it.
 */
export function citingSentence(answer: string, number: number): string {
  const at = answer.indexOf(`[${number}]`);
  if (at === -1) return '';
  // Markers become spaces of their length: the sentences keep their places and a marker after a full stop stays in its sentence.
  const unmarked = answer.replace(marker, (found) => ' '.repeat(found.length));
  const spans = sentenceSpans(unmarked);
  const index = spans.findIndex((span) => at < span.end || span === spans.at(-1));
  const holding = spans[index];
  if (!holding) return '';
  // A marker opening a sentence (after the full stop and its space) belongs to the one before.
  const span = holding.start > at && index > 0 ? (spans[index - 1] ?? holding) : holding;
  return unmarked
    .slice(span.start, span.end)
    .replace(/\s+/g, ' ')
    .replace(/\s+(?=\p{P}$)/u, '')
    .trim();
}

/**
 * A verbatim excerpt of a passage for a citation: the sentence that best
 * supports the answer's claim (or answers the question), widened by its
 * neighbours to about `wanted` characters, never past `maximum`.
 */
export function excerptOf(text: string, question: string, maximum = 320, wanted = 120, claim = ''): string {
  const spans = sentenceSpans(text);
  const index = supportingSpan(text, question, claim, spans);
  const chosen = index === null ? undefined : spans[index];
  if (index === null || !chosen) return text.length <= maximum ? text.trim() : text.slice(0, maximum).trim();
  let first = index;
  let last = index;
  let from = chosen.start;
  let to = chosen.end;
  while (to - from < Math.min(wanted, maximum)) {
    const next = spans[last + 1];
    const previous = spans[first - 1];
    if (next && next.end - from <= maximum) {
      last += 1;
      to = next.end;
    } else if (previous && to - previous.start <= maximum) {
      first -= 1;
      from = previous.start;
    } else break;
  }
  return text.slice(from, to);
}
