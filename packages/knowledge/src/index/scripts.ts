/**
 * What retrieval knows about writing systems other than the Latin alphabet, so that a question in
 * the widget's languages finds its passage:
 * - **Words without spaces** (Chinese, Japanese, Thai, Lao, Khmer, Burmese) are split by the
 *   runtime's word segmenter (ICU's dictionaries, `Intl.Segmenter`). Where it can only give single
 *   Chinese characters (a word missing from its dictionary, e.g. 退货), a run of them becomes its
 *   overlapping pairs (退货), as CJK search engines do, so the word still meets itself.
 * - **Function words** of Arabic, Russian/Ukrainian, Hindi, Chinese, Japanese, Hebrew and Korean
 *   are dropped (lists from `@orama/stopwords`, small hand lists where it has none). Latin-script
 *   languages keep the English list only: a French or German stop word is a real word in another
 *   language of the same alphabet, and prefix/typo matching already carries those languages.
 * - **Stems**: Snowball's Arabic, Russian and Ukrainian stemmers (`@orama/stemmers`); Korean words
 *   lose their particles and polite endings (반품은 → 반품).
 */
import { stemmer as arabicStemmer } from '@orama/stemmers/arabic';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { stemmer as ukrainianStemmer } from '@orama/stemmers/ukrainian';
import { stopwords as arabicStopWords } from '@orama/stopwords/arabic';
import { stopwords as hindiStopWords } from '@orama/stopwords/indian';
import { stopwords as japaneseStopWords } from '@orama/stopwords/japanese';
import { stopwords as chineseStopWords } from '@orama/stopwords/mandarin';
import { stopwords as russianStopWords } from '@orama/stopwords/russian';

export type Script = 'latin' | 'arabic' | 'cyrillic' | 'hebrew' | 'devanagari' | 'hangul' | 'cjk' | 'thai';

const scriptPatterns: [Script, RegExp][] = [
  ['arabic', /\p{Script=Arabic}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['thai', /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u],
];

/** Anything beyond printable ASCII and white space, the cheap first check before the script is looked up. */
const beyondAscii = /[^\u0020-\u007e\s]/;

/** The writing system of a word, by its first letter; `latin` for the Latin alphabet and anything not listed. */
export function scriptOf(word: string): Script {
  if (!beyondAscii.test(word)) return 'latin';
  const letter = /\p{L}/u.exec(word)?.[0] ?? '';
  for (const [script, pattern] of scriptPatterns) if (pattern.test(letter)) return script;
  return 'latin';
}

/** Scripts written without spaces between words. */
const unspaced =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const singleHan = /^\p{Script=Han}$/u;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Whether a run of letters needs the segmenter (cheap for plain ASCII). */
export function needsSegmenting(run: string): boolean {
  return beyondAscii.test(run) && unspaced.test(run);
}

/** The words of a run written without spaces; runs of single Chinese characters become their pairs. */
export function segmentWords(run: string): string[] {
  const words: string[] = [];
  let singles = '';
  const flushSingles = () => {
    if (singles.length === 1) words.push(singles);
    for (let start = 0; start + 1 < singles.length; start++) words.push(singles.slice(start, start + 2));
    singles = '';
  };
  for (const { segment, isWordLike } of segmenter.segment(run)) {
    if (!isWordLike) {
      flushSingles();
      continue;
    }
    if (singleHan.test(segment) && !chineseStopWordSet.has(segment)) {
      singles += segment;
      continue;
    }
    flushSingles();
    words.push(segment);
  }
  flushSingles();
  return words;
}

/** Marks removed, as the index folds words, so a listed word meets the folded text. */
function folded(words: readonly string[]): Set<string> {
  return new Set(words.map((word) => word.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC')));
}

const ukrainianStopWords =
  'і й та але що як це чи до на за від про для під при без мені мене ми ви він вона воно вони його її їх ти я у в з із же ж би б так ні не як чому коли де хто скільки можна можу'.split(
    ' ',
  );
const hebrewStopWords =
  'של את על עם זה זו זאת הוא היא הם הן אני אתה את אנחנו איך מה למה האם יש אין לא כן גם או אם כי אבל מי איפה מתי כמה'.split(
    ' ',
  );
const koreanStopWords =
  '어떻게 무엇 뭐 언제 어디 어디서 왜 누가 얼마 얼마나 그리고 하지만 그 이 저 수 있나요 있습니까 있어요 있습니다 합니까 하나요 해요 되나요 돼요'.split(
    ' ',
  );

const chineseStopWordSet = folded(chineseStopWords);

const stopWordsByScript: Partial<Record<Script, Set<string>>> = {
  arabic: folded(arabicStopWords),
  cyrillic: folded([...russianStopWords, ...ukrainianStopWords]),
  hebrew: folded(hebrewStopWords),
  devanagari: folded(hindiStopWords),
  hangul: folded(koreanStopWords),
  cjk: folded([...chineseStopWords, ...japaneseStopWords]),
};

/** Korean particles and polite endings, longest first; one is removed when two syllables remain. */
const koreanEndings = [
  '에서는',
  '으로는',
  '에게서',
  '인가요',
  '입니다',
  '합니다',
  '하나요',
  '했어요',
  '에서',
  '에게',
  '으로',
  '까지',
  '부터',
  '처럼',
  '보다',
  '하고',
  '이나',
  '인가',
  '이다',
  '하는',
  '해요',
  '했다',
  '하면',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '의',
  '도',
  '로',
  '와',
  '과',
  '만',
  '할',
  '한',
  '요',
];

function withoutKoreanEnding(word: string): string {
  for (const ending of koreanEndings) {
    if (word.length - ending.length >= 2 && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

const ukrainianLetters = /[іїєґ]/u;

/** Whether a folded word of this script is a function word. */
export function isStopWordOf(script: Script, word: string): boolean {
  return stopWordsByScript[script]?.has(word) ?? false;
}

/** The index key of a folded, non-Latin word. */
export function stemOf(script: Script, word: string): string {
  switch (script) {
    case 'arabic':
      return arabicStemmer(word);
    case 'cyrillic':
      return ukrainianLetters.test(word) ? ukrainianStemmer(word) : russianStemmer(word);
    case 'hangul':
      return withoutKoreanEnding(word);
    default:
      return word;
  }
}
