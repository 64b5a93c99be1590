/**
 * The lexical retrieval index: MiniSearch (BM25+) over the text of every chunk, all datastores in
 * one index, each search filtered to the datastores asked for. Chunks live in memory only; on
 * start the index is rebuilt from the store (`LexicalIndex.rebuild`).
 */
import { type ChunkRecord, type RetrievalHit, withoutEmbedding } from '@parley/engine';
import MiniSearch, { type SearchOptions } from 'minisearch';
import type { MemoryIndex } from './in-memory-index.js';
import { normalizedScore } from './score.js';
import { processTerm, queryTerms, tokenize } from './text-analysis.js';

/** A file name's extension says nothing about its content: `return-policy.pdf` → `return-policy`. */
export const fileExtension = /\.[\p{L}\p{N}]{1,5}$/u;

/** Document names match like text, at half the weight: a name is short and says less than the passage. */
const fieldBoosts = { text: 1, document_name: 0.5 };

/** Prefix matching from four characters, one typo from six: short terms expand too widely. */
export function prefixFor(term: string): boolean {
  return term.length >= 4;
}

function fuzzyFor(term: string): number | boolean {
  return term.length >= 6 ? 1 : false;
}

/** Stored with each chunk: the number of its datastore, see `LexicalIndex.#datastoreNumbers`. */
const datastoreNumberField = 'datastore_number';

function createSearch(datastoreNumber: (datastoreId: string) => number): MiniSearch<ChunkRecord> {
  return new MiniSearch<ChunkRecord>({
    idField: 'id',
    fields: ['text', 'document_name'],
    storeFields: [datastoreNumberField],
    extractField: (chunk, field) => {
      if (field === datastoreNumberField) return datastoreNumber(chunk.datastore_id);
      if (field === 'document_name') return chunk.document_name.replace(fileExtension, '');
      return chunk[field as keyof ChunkRecord];
    },
    tokenize,
    processTerm,
    autoVacuum: false,
  });
}

export class LexicalIndex implements MemoryIndex {
  readonly #chunks = new Map<string, ChunkRecord>();
  readonly #chunkIdsByDocument = new Map<string, Set<string>>();
  /**
   * Datastore ids numbered 0, 1, 2… in order of first appearance: a search marks the allowed
   * numbers in an array, so checking a chunk's datastore while scoring costs no hashing.
   */
  readonly #datastoreNumbers = new Map<string, number>();
  readonly #search = createSearch((datastoreId) => this.#datastoreNumber(datastoreId));

  /** An index of the given chunks, e.g. every chunk in the store on start. */
  static rebuild(chunks: ChunkRecord[]): LexicalIndex {
    const index = new LexicalIndex();
    index.add(chunks);
    return index;
  }

  get size(): number {
    return this.#chunks.size;
  }

  hasDocument(documentId: string): boolean {
    return this.#chunkIdsByDocument.has(documentId);
  }

  /**
   * Adds chunks (their vectors are left out); a chunk whose id is already indexed is ignored, so
   * adding again is harmless.
   */
  add(chunks: ChunkRecord[]): void {
    const added: ChunkRecord[] = [];
    for (const chunk of chunks) {
      if (this.#chunks.has(chunk.id)) continue;
      const copy = withoutEmbedding(chunk);
      this.#chunks.set(copy.id, copy);
      const chunkIds = this.#chunkIdsByDocument.get(copy.document_id) ?? new Set<string>();
      chunkIds.add(copy.id);
      this.#chunkIdsByDocument.set(copy.document_id, chunkIds);
      added.push(copy);
    }
    this.#search.addAll(added);
  }

  /** Removes every chunk of a document from the index at once (no deferred clean-up). */
  removeDocument(documentId: string): void {
    const chunkIds = this.#chunkIdsByDocument.get(documentId);
    if (chunkIds === undefined) return;
    for (const chunkId of chunkIds) {
      const chunk = this.#chunks.get(chunkId);
      if (chunk === undefined) continue;
      this.#search.remove(chunk);
      this.#chunks.delete(chunkId);
    }
    this.#chunkIdsByDocument.delete(documentId);
  }

  /** The best chunks of the given datastores for a query, best first, with scores in 0–1. */
  search(query: string, options: { datastoreIds: string[]; limit: number }): RetrievalHit[] {
    const allowed = this.#allowedDatastores(options.datastoreIds);
    if (allowed === null || options.limit <= 0) return [];
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const searchOptions: SearchOptions = {
      combineWith: 'OR',
      boost: fieldBoosts,
      prefix: prefixFor,
      fuzzy: fuzzyFor,
      // The query is already analysed: its terms are passed as they are.
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      // Chunks of other datastores are skipped while scoring (a boost of 0). MiniSearch's `filter`
      // would do the same after scoring every matching chunk: 4–5× slower when searching 1 of 10.
      boostDocument:
        allowed === 'all'
          ? undefined
          : (_chunkId: string, _term: string, stored?: Record<string, unknown>) =>
              allowed[stored?.[datastoreNumberField] as number] ?? 0,
    };
    const results = this.#search.search(terms.join(' '), searchOptions);
    const hits: RetrievalHit[] = [];
    for (const result of results.slice(0, options.limit)) {
      const chunk = this.#chunks.get(result.id);
      if (chunk !== undefined)
        hits.push({ chunk: { ...chunk }, score: normalizedScore(result.score, terms.length) });
    }
    return hits;
  }

  #datastoreNumber(datastoreId: string): number {
    let number = this.#datastoreNumbers.get(datastoreId);
    if (number === undefined) {
      number = this.#datastoreNumbers.size;
      this.#datastoreNumbers.set(datastoreId, number);
    }
    return number;
  }

  /** 1 at the numbers of the given datastores; 'all' when that is every datastore; null when none has chunks. */
  #allowedDatastores(datastoreIds: string[]): Uint8Array | 'all' | null {
    const allowed = new Uint8Array(this.#datastoreNumbers.size);
    let count = 0;
    for (const datastoreId of datastoreIds) {
      const number = this.#datastoreNumbers.get(datastoreId);
      if (number === undefined || allowed[number] === 1) continue;
      allowed[number] = 1;
      count += 1;
    }
    if (count === 0) return null;
    return count === allowed.length ? 'all' : allowed;
  }
}
