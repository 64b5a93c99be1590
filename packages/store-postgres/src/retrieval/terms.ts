/**
 * Analysed terms into PostgreSQL's text search types, written as `tsvector` and `tsquery` literals
 * rather than through `to_tsvector('simple', …)`: the terms are already Parley's (folded, stemmed,
 * segmented in Node), and a literal keeps each exactly as it is, whatever the database's parser and
 * locale would make of it, with its position and weight (A: the passage's text, B: its document's name).
 */
import type { PassageAnalysis } from '@parley/engine';

/** The largest position a tsvector keeps. */
const lastPosition = 16_383;

function quoted(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `'term':1A 'other':2A 'name':3B`, each term at its position, repeated terms at each of theirs. */
export function tsvectorLiteral(terms: { text: string[]; name: string[] }): string {
  const positions = new Map<string, { weight: string; at: number[] }[]>();
  let position = 0;
  const place = (term: string, weight: string) => {
    position = Math.min(position + 1, lastPosition);
    const entries = positions.get(term) ?? [];
    const last = entries.at(-1);
    if (last?.weight === weight) last.at.push(position);
    else entries.push({ weight, at: [position] });
    positions.set(term, entries);
  };
  for (const term of terms.text) place(term, 'A');
  for (const term of terms.name) place(term, 'B');
  const lexemes: string[] = [];
  for (const [term, entries] of positions) {
    const at = entries.flatMap((entry) => entry.at.map((value) => `${value}${entry.weight}`));
    lexemes.push(`${quoted(term)}:${[...new Set(at)].join(',')}`);
  }
  return lexemes.join(' ');
}

/** What a search asks of each query term, as tsquery literals (exact and prefix, in text and in name). */
export interface QueryTerms {
  /** Every term, OR-ed: the passages worth scoring (the GIN index finds them). */
  any: string;
  textExact: string[];
  textPrefix: string[];
  nameExact: string[];
  namePrefix: string[];
}

export function queryTermsOf(analysis: PassageAnalysis, query: string): QueryTerms | null {
  const terms = analysis.queryTerms(query);
  if (terms.length === 0) return null;
  const prefix = (term: string) => (analysis.matchesPrefix(term) ? ':*' : ':');
  return {
    any: terms.map((term) => `${quoted(term)}${analysis.matchesPrefix(term) ? ':*' : ''}`).join(' | '),
    textExact: terms.map((term) => `${quoted(term)}:A`),
    textPrefix: terms.map((term) => `${quoted(term)}${prefix(term)}A`),
    nameExact: terms.map((term) => `${quoted(term)}:B`),
    namePrefix: terms.map((term) => `${quoted(term)}${prefix(term)}B`),
  };
}
