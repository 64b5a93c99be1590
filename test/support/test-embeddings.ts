/**
 * Deterministic embeddings for the test model server: a 64-dimension hashed bag of words, unit
 * length, where a small synonym table maps related words to the same dimension (refund ~ money back ~
 * reimbursement; laptop ~ notebook computer), so semantic matches are testable without a model.
 */

export const testEmbeddingDimensions = 64;

/** Phrases first, then single words: each becomes its canonical word. */
const synonymPhrases: [RegExp, string][] = [
  [/\bmoney back\b/g, 'refund'],
  [/\bnotebook computers?\b/g, 'laptop'],
];

const synonymWords: Record<string, string> = {
  refund: 'refund',
  refunds: 'refund',
  refunded: 'refund',
  reimbursement: 'refund',
  reimbursed: 'refund',
  laptop: 'laptop',
  laptops: 'laptop',
  notebook: 'laptop',
  notebooks: 'laptop',
};

const stopWords = new Set(
  'a an and are be but by can do does for from get have i if in is it its my of on or our the to we with you your'.split(
    ' ',
  ),
);

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** The canonical words of a text: lower case, synonyms folded, stop words left out. */
export function canonicalWords(text: string): string[] {
  let folded = text.toLowerCase();
  for (const [phrase, word] of synonymPhrases) folded = folded.replace(phrase, word);
  return (folded.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((word) => !stopWords.has(word))
    .map((word) => synonymWords[word] ?? word);
}

/** The text's vector: word counts hashed into 64 dimensions, scaled to unit length (zeros for no words). */
export function testEmbedding(text: string): number[] {
  const vector = new Array<number>(testEmbeddingDimensions).fill(0);
  for (const word of canonicalWords(text)) {
    const dimension = hash(word) % testEmbeddingDimensions;
    vector[dimension] = (vector[dimension] ?? 0) + 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** OpenAI's `encoding_format: "base64"`: little-endian float32s, base64-encoded. */
export function base64Embedding(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}
