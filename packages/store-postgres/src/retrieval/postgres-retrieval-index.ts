/**
 * The retrieval index in PostgreSQL (`scope: 'store'`): every node writes and reads the one
 * `passages` table, so no node holds passages in memory, nothing is loaded at start, and an upload
 * through one node is found through every other at once, with no message between them. Lexical
 * search is BM25+ over a GIN-indexed tsvector of Parley's own analysed terms (lexical-search.ts);
 * with an embeddings model it is hybrid, fused as the in-memory HybridIndex fuses (hybrid.ts).
 */
import type {
  ChunkRecord,
  PassageAnalysis,
  RetrievalHit,
  RetrievalIndex,
  RetrievalSearchOptions,
} from '@parley/engine';
import { withoutEmbedding } from '@parley/engine';
import type pg from 'pg';
import { jsonWithoutNul } from '../nul-text.js';
import { fuseCandidates, type HybridSettings, semanticCandidatesSql, similaritiesSql } from './hybrid.js';
import { lexicalSearchSql } from './lexical-search.js';
import { queryTermsOf, tsvectorLiteral } from './terms.js';

/** Runs one statement on the store's pool (a lost database answers `unavailable`). */
export type RunQuery = <R extends pg.QueryResultRow>(
  text: string,
  values: unknown[],
) => Promise<pg.QueryResult<R>>;

export interface PostgresRetrievalOptions {
  /** Parley's text analysis (`passageAnalysis` from @parley/knowledge). */
  analysis: PassageAnalysis;
  /** With an embeddings model: its name (vectors of another model are ignored) and the fusion's settings. */
  hybrid?: HybridSettings;
}

/** Passages written per statement. */
const insertBatchSize = 200;

const insertSql = `
INSERT INTO passages (id, datastore_id, document_id, chunk, terms, embedding, embedding_model, embedding_norm)
SELECT id, datastore_id, document_id, chunk, terms::tsvector, embedding, embedding_model, embedding_norm
FROM jsonb_to_recordset($1::jsonb) AS given(id text, datastore_id text, document_id text, chunk jsonb,
  terms text, embedding real[], embedding_model text, embedding_norm double precision)
ON CONFLICT (id) DO NOTHING`;

function norm(vector: number[]): number {
  let sum = 0;
  for (const value of vector) sum += value * value;
  return Math.sqrt(sum);
}

export class PostgresRetrievalIndex implements RetrievalIndex {
  readonly scope = 'store';
  readonly searchWithVector?: RetrievalIndex['searchWithVector'];

  constructor(
    private readonly run: RunQuery,
    private readonly options: PostgresRetrievalOptions,
  ) {
    const hybrid = options.hybrid;
    if (hybrid)
      this.searchWithVector = (query, vector, searchOptions) =>
        this.#searchHybrid(hybrid, query, vector, searchOptions);
  }

  async add(chunks: ChunkRecord[]): Promise<void> {
    for (let start = 0; start < chunks.length; start += insertBatchSize) {
      const rows = chunks.slice(start, start + insertBatchSize).map((chunk) => this.#rowOf(chunk));
      await this.run(insertSql, [jsonWithoutNul(rows)]);
    }
  }

  async removeDocument(documentId: string): Promise<void> {
    await this.run('DELETE FROM passages WHERE document_id = $1', [documentId]);
  }

  async hasDocument(documentId: string): Promise<boolean> {
    const result = await this.run('SELECT 1 FROM passages WHERE document_id = $1 LIMIT 1', [documentId]);
    return result.rows.length > 0;
  }

  /**
   * Indexes the stored chunks that have no passage yet, a batch at a time: a database migrated from
   * the embedded store, or filled before this index existed. Nothing to do (one query) otherwise.
   */
  async addMissing(readMissing: (limit: number) => Promise<ChunkRecord[]>): Promise<number> {
    let added = 0;
    for (;;) {
      const chunks = await readMissing(insertBatchSize);
      if (chunks.length === 0) return added;
      await this.add(chunks);
      added += chunks.length;
    }
  }

  async search(query: string, options: RetrievalSearchOptions): Promise<RetrievalHit[]> {
    const terms = queryTermsOf(this.options.analysis, query);
    if (terms === null || options.limit <= 0 || options.datastoreIds.length === 0) return [];
    const result = await this.run<{ id: string; raw: number; chunk: ChunkRecord }>(lexicalSearchSql, [
      options.datastoreIds,
      terms.any,
      terms.textExact,
      terms.textPrefix,
      terms.nameExact,
      terms.namePrefix,
      Math.floor(options.limit),
    ]);
    const count = terms.textExact.length;
    return result.rows.map((row) => ({
      chunk: row.chunk,
      score: this.options.analysis.normalizedScore(Number(row.raw), count),
    }));
  }

  async #searchHybrid(
    hybrid: HybridSettings,
    query: string,
    vector: number[],
    options: RetrievalSearchOptions,
  ): Promise<RetrievalHit[]> {
    if (options.limit <= 0 || options.datastoreIds.length === 0) return [];
    const queryNorm = norm(vector);
    if (queryNorm === 0) return this.search(query, options);
    const candidates = Math.max(options.limit * 4, 20);
    const lexical = await this.search(query, { ...options, limit: candidates });
    const similarities = await this.run<{ id: string; similarity: number | null }>(similaritiesSql, [
      lexical.map((hit) => hit.chunk.id),
      vector,
      queryNorm,
      hybrid.modelName,
    ]);
    const semantic = await this.run<{ id: string; similarity: number; chunk: ChunkRecord }>(
      semanticCandidatesSql,
      [
        options.datastoreIds,
        vector,
        queryNorm,
        hybrid.modelName,
        hybrid.minimumSimilarity ?? 0.3,
        candidates,
      ],
    );
    return fuseCandidates(hybrid, lexical, similarities.rows, semantic.rows, options.limit);
  }

  #rowOf(chunk: ChunkRecord) {
    const vector = chunk.embedding && chunk.embedding.length > 0 ? chunk.embedding : null;
    return {
      id: chunk.id,
      datastore_id: chunk.datastore_id,
      document_id: chunk.document_id,
      chunk: withoutEmbedding(chunk),
      terms: tsvectorLiteral(this.options.analysis.passageTerms(chunk)),
      embedding: vector,
      embedding_model: vector ? (chunk.embedding_model ?? null) : null,
      embedding_norm: vector ? norm(vector) : null,
    };
  }
}
