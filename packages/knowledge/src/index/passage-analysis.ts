/**
 * Parley's text analysis for an index kept outside this node (PostgreSQL): the same terms the
 * in-memory lexical index makes of a passage (its text, and its document's name without the
 * extension) and of a query, the same prefix rule and the same 0–1 score.
 */
import type { ChunkRecord, PassageAnalysis } from '@parley/engine';
import { fileExtension, prefixFor } from './lexical-index.js';
import { normalizedScore } from './score.js';
import { processTerm, queryTerms, tokenize } from './text-analysis.js';

function termsOf(text: string): string[] {
  const terms: string[] = [];
  for (const word of tokenize(text)) {
    const term = processTerm(word);
    if (term !== null) terms.push(term);
  }
  return terms;
}

export const passageAnalysis: PassageAnalysis = {
  passageTerms: (chunk: ChunkRecord) => ({
    text: termsOf(chunk.text),
    name: termsOf(chunk.document_name.replace(fileExtension, '')),
  }),
  queryTerms,
  matchesPrefix: prefixFor,
  normalizedScore,
};
