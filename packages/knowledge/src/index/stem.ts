/**
 * A tiny English suffix stemmer, written for retrieval: it only has to map a word and its
 * inflections to the same key (return, returns, returned, returning → `return`; laptop, laptops →
 * `laptop`; policy, policies → `polici`; ship, shipped, shipping → `ship`; charge, charged,
 * charges, charging → `charg`). Keys need not be words. No package is installed for this, and a
 * full Porter/Snowball stemmer is more than a lexical index over support documents needs.
 *
 * Steps, applied once each, to plain a–z words of three letters or more (anything with digits or
 * other letters is kept as it is):
 * 1. plurals: -sses → -ss, -ies → -i, -s → '' (not after s; only for four letters or more);
 * 2. verb endings: -ied → -i; -ing and -ed when a vowel remains, then a doubled final consonant
 *    (except l, s, z, f) is undoubled (shipp → ship); words in -eed (need, exceed) are left alone;
 * 3. a final -e is dropped (charge → charg, so it meets charged and charging);
 * 4. a final -y after a consonant becomes -i (policy → polici, as policies → polici).
 * Known misses, as with Porter: agreed/agree, analyses/analysis.
 */
const vowels = /[aeiouy]/;
const plainWord = /^[a-z]+$/;

export function stem(word: string): string {
  if (word.length < 3 || !plainWord.test(word)) return word;
  return yToI(dropFinalE(removeVerbEnding(removePlural(word))));
}

function removePlural(word: string): string {
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length >= 4) return word.slice(0, -2);
  if (word.endsWith('ss') || word.length < 4) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

function removeVerbEnding(word: string): string {
  if (word.endsWith('ied') && word.length >= 4) return word.slice(0, -2);
  if (word.endsWith('eed')) return word;
  for (const suffix of ['ing', 'ed']) {
    if (!word.endsWith(suffix)) continue;
    const base = word.slice(0, -suffix.length);
    if (base.length >= 2 && vowels.test(base)) return undouble(base);
  }
  return word;
}

function undouble(base: string): string {
  const last = base.at(-1) ?? '';
  const doubled = base.length >= 4 && base.at(-2) === last && !vowels.test(last) && !'lszf'.includes(last);
  return doubled ? base.slice(0, -1) : base;
}

function dropFinalE(word: string): string {
  return word.length >= 3 && word.endsWith('e') ? word.slice(0, -1) : word;
}

function yToI(word: string): string {
  const beforeLast = word.at(-2) ?? '';
  return word.length >= 3 && word.endsWith('y') && !vowels.test(beforeLast) ? word.slice(0, -1) + 'i' : word;
}
