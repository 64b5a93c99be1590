/**
 * How text becomes index terms, the same for chunks and for queries: words are runs of letters,
 * marks and digits (an apostrophe inside a word is kept, so "don't" stays one word); each word is
 * folded (lower case, accents stripped, apostrophes removed), dropped when it is an English stop
 * word or a lone letter, and stemmed. Words of other scripts are split, dropped and stemmed by
 * their own rules (scripts.ts): Chinese, Japanese and Thai have no spaces, Arabic and Russian
 * inflect. Queries also drop the word after "how" in "how long", "how much", "how many"…: it asks for a quantity, and the answer's text rarely repeats it
 * ("How long do I have to return a laptop?" is answered by "…returned within 45 days").
 */
import { isStopWordOf, needsSegmenting, scriptOf, segmentWords, stemOf } from './scripts.js';
import { stem } from './stem.js';
import { stopWords } from './stop-words.js';

const wordPattern = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;
const marksAndApostrophes = /[\p{M}'’]/gu;
const digit = /\p{N}/u;

/** Letters that Unicode decomposition leaves alone but readers consider accented. */
const extraFolds: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const extraFoldPattern = new RegExp(`[${Object.keys(extraFolds).join('')}]`, 'gu');

export function tokenize(text: string): string[] {
  const runs = text.match(wordPattern) ?? [];
  if (!needsSegmenting(text)) return runs;
  return runs.flatMap((run) => (needsSegmenting(run) ? segmentWords(run) : [run]));
}

/** Lower case, without accents or apostrophes: `Café` → `cafe`, `Straße` → `strasse`. */
export function foldWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(marksAndApostrophes, '')
    .toLowerCase()
    .replace(extraFoldPattern, (letter) => extraFolds[letter] ?? letter);
}

/** Words repeat a lot (Zipf): analysed words are remembered, up to a bound, which makes indexing ~2× faster. */
const termCache = new Map<string, string | null>();
const termCacheLimit = 100_000;

/** The index term of a word, or null when the word is not worth indexing. */
export function processTerm(word: string): string | null {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const term = analyse(word);
  if (termCache.size >= termCacheLimit) termCache.clear();
  termCache.set(word, term);
  return term;
}

function analyse(word: string): string | null {
  const script = scriptOf(word);
  if (script !== 'latin') return analyseNonLatin(word, script);
  const folded = foldWord(word);
  if (folded.length === 0 || stopWords.has(folded)) return null;
  if (folded.length === 1 && !digit.test(folded)) return null;
  return stem(folded);
}

/** Other scripts: their own function words and stems (see scripts.ts); composed again after folding (Hangul). */
function analyseNonLatin(word: string, script: ReturnType<typeof scriptOf>): string | null {
  const folded = foldWord(word).normalize('NFC');
  if (folded.length === 0 || isStopWordOf(script, folded)) return null;
  if (folded.length === 1 && !digit.test(folded)) return null;
  const stemmed = stemOf(script, folded);
  return stemmed.length > 0 ? stemmed : folded;
}

const quantityQuestions: ReadonlySet<string> = new Set([
  'long',
  'much',
  'many',
  'often',
  'soon',
  'far',
  'old',
]);

/** The distinct index terms of a query, in order of first appearance. */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  let previous = '';
  for (const word of tokenize(query)) {
    const folded = foldWord(word);
    const asksQuantity = previous === 'how' && quantityQuestions.has(folded);
    previous = folded;
    const term = asksQuantity ? null : processTerm(word);
    if (term !== null) terms.add(term);
  }
  return [...terms];
}
