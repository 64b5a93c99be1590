/**
 * The hybrid retrieval index: the lexical index (BM25+) plus one vector per chunk, made by the
 * configured embeddings model and stored with the chunk. A search with the question's vector fuses
 * both: each candidate (the best lexical hits and the chunks whose cosine similarity reaches
 * `minimumSimilarity`) scores `lexicalWeight × lexical + (1 − lexicalWeight) × cosine`, both in 0–1,
 * so the fused score is in 0–1 too. A chunk without a usable vector (its embedding failed, or it was
 * made by another model) keeps its lexical score. Vectors are compared by brute force over the
 * searched datastores' chunks: fine for thousands of passages.
 */
import {
  type ChunkRecord,
  type RetrievalHit,
  type RetrievalSearchOptions,
  withoutEmbedding,
} from '@parley/engine';
import type { MemoryIndex } from './in-memory-index.js';
import { LexicalIndex } from './lexical-index.js';
import { cosineSimilarity, vectorNorm } from './vector-math.js';

export interface HybridIndexOptions {
  /** The `EmbeddingModel.name` whose vectors this index compares; vectors of another model are ignored. */
  modelName: string;
  /** Cosine similarity from which a chunk counts as a semantic match without any shared word; default 0.3. */
  minimumSimilarity?: number;
  /** Weight of the lexical score in the fused score (the vector's is the rest); default 0.5. */
  lexicalWeight?: number;
}

interface VectorEntry {
  chunk: ChunkRecord;
  vector: Float32Array | null;
  norm: number;
}

interface Candidate {
  entry: VectorEntry;
  lexicalScore: number;
  lexicalRank: number;
  similarity: number;
}

/** How many candidates each side brings for `limit` results. */
function candidateCount(limit: number): number {
  return Math.max(limit * 4, 20);
}

export class HybridIndex implements MemoryIndex {
  readonly #lexical = new LexicalIndex();
  readonly #entries = new Map<string, VectorEntry>();
  readonly #chunkIdsByDocument = new Map<string, Set<string>>();
  readonly #modelName: string;
  readonly #minimumSimilarity: number;
  readonly #lexicalWeight: number;

  constructor(options: HybridIndexOptions) {
    this.#modelName = options.modelName;
    this.#minimumSimilarity = options.minimumSimilarity ?? 0.3;
    this.#lexicalWeight = options.lexicalWeight ?? 0.5;
  }

  /** An index of the given chunks with their stored vectors, e.g. every chunk in the store on start. */
  static rebuild(chunks: ChunkRecord[], options: HybridIndexOptions): HybridIndex {
    const index = new HybridIndex(options);
    index.add(chunks);
    return index;
  }

  get size(): number {
    return this.#entries.size;
  }

  hasDocument(documentId: string): boolean {
    return this.#chunkIdsByDocument.has(documentId);
  }

  /** Adds chunks with their vectors; a chunk whose id is already indexed is ignored. */
  add(chunks: ChunkRecord[]): void {
    this.#lexical.add(chunks);
    for (const chunk of chunks) {
      if (this.#entries.has(chunk.id)) continue;
      const usable = chunk.embedding_model === this.#modelName && (chunk.embedding?.length ?? 0) > 0;
      const vector = usable && chunk.embedding ? Float32Array.from(chunk.embedding) : null;
      this.#entries.set(chunk.id, {
        chunk: withoutEmbedding(chunk),
        vector,
        norm: vector ? vectorNorm(vector) : 0,
      });
      const chunkIds = this.#chunkIdsByDocument.get(chunk.document_id) ?? new Set<string>();
      chunkIds.add(chunk.id);
      this.#chunkIdsByDocument.set(chunk.document_id, chunkIds);
    }
  }

  /** Removes every chunk of a document, vectors included, at once. */
  removeDocument(documentId: string): void {
    this.#lexical.removeDocument(documentId);
    for (const chunkId of this.#chunkIdsByDocument.get(documentId) ?? []) this.#entries.delete(chunkId);
    this.#chunkIdsByDocument.delete(documentId);
  }

  /** Lexical only, for a question that could not be embedded. */
  search(query: string, options: RetrievalSearchOptions): RetrievalHit[] {
    return this.#lexical.search(query, options);
  }

  /** Lexical and semantic matches of the given datastores fused, best first, with scores in 0–1. */
  searchWithVector(query: string, vector: number[], options: RetrievalSearchOptions): RetrievalHit[] {
    if (options.limit <= 0) return [];
    const queryNorm = vectorNorm(vector);
    if (queryNorm === 0) return this.search(query, options);
    const candidates = this.#lexicalCandidates(query, options);
    for (const candidate of candidates.values()) {
      const entry = candidate.entry;
      if (entry.vector) candidate.similarity = cosineSimilarity(entry.vector, entry.norm, vector, queryNorm);
    }
    for (const [chunkId, candidate] of this.#semanticCandidates(vector, queryNorm, options)) {
      if (!candidates.has(chunkId)) candidates.set(chunkId, candidate);
    }
    return [...candidates.values()]
      .map((candidate) => ({ candidate, score: this.#fusedScore(candidate) }))
      .filter((scored) => scored.score > 0)
      .sort(
        (left, right) =>
          right.score - left.score ||
          left.candidate.lexicalRank - right.candidate.lexicalRank ||
          left.candidate.entry.chunk.id.localeCompare(right.candidate.entry.chunk.id),
      )
      .slice(0, options.limit)
      .map(({ candidate, score }) => ({ chunk: { ...candidate.entry.chunk }, score }));
  }

  #fusedScore(candidate: Candidate): number {
    if (candidate.entry.vector === null) return candidate.lexicalScore;
    const similarity = Math.max(0, candidate.similarity);
    return this.#lexicalWeight * candidate.lexicalScore + (1 - this.#lexicalWeight) * similarity;
  }

  #lexicalCandidates(query: string, options: RetrievalSearchOptions): Map<string, Candidate> {
    const candidates = new Map<string, Candidate>();
    const hits = this.#lexical.search(query, { ...options, limit: candidateCount(options.limit) });
    hits.forEach((hit, rank) => {
      const entry = this.#entries.get(hit.chunk.id);
      if (entry === undefined) return;
      candidates.set(hit.chunk.id, { entry, lexicalScore: hit.score, lexicalRank: rank, similarity: 0 });
    });
    return candidates;
  }

  /** The chunks of the datastores most similar to the query, from `minimumSimilarity` up. */
  #semanticCandidates(
    vector: number[],
    queryNorm: number,
    options: RetrievalSearchOptions,
  ): Map<string, Candidate> {
    const allowed = new Set(options.datastoreIds);
    const matches: Candidate[] = [];
    for (const entry of this.#entries.values()) {
      if (entry.vector === null || !allowed.has(entry.chunk.datastore_id)) continue;
      const similarity = cosineSimilarity(entry.vector, entry.norm, vector, queryNorm);
      if (similarity < this.#minimumSimilarity) continue;
      matches.push({ entry, lexicalScore: 0, lexicalRank: Number.POSITIVE_INFINITY, similarity });
    }
    matches.sort((left, right) => right.similarity - left.similarity);
    return new Map(
      matches
        .slice(0, candidateCount(options.limit))
        .map((candidate) => [candidate.entry.chunk.id, candidate]),
    );
  }
}
