/**
 * Hybrid search over the `passages` table, fused as the in-memory HybridIndex fuses: candidates are
 * the best lexical hits and the passages whose cosine similarity to the question reaches
 * `minimumSimilarity`; each scores `lexicalWeight × lexical + (1 − lexicalWeight) × cosine`, or its
 * lexical score alone when it has no vector of the model. Cosines are computed in SQL from the stored
 * `real[]` and its length (no pgvector): a scan of the searched datastores' vectors per question.
 */
import type { ChunkRecord, RetrievalHit } from '@parley/engine';

export interface HybridSettings {
  /** The `EmbeddingModel.name` whose vectors are compared. */
  modelName: string;
  /** From which cosine a passage counts as a match without any shared word; 0.3 by default. */
  minimumSimilarity?: number;
  /** Weight of the lexical score in the fused score; 0.5 by default. */
  lexicalWeight?: number;
}

const cosine = `parley_dot(embedding, $2::real[]) / (embedding_norm * $3::double precision)`;
const usable = `embedding_model = $4 AND embedding_norm > 0 AND cardinality(embedding) = cardinality($2::real[])`;

/** The cosine of each lexical hit that has a vector of the model. */
export const similaritiesSql = `
SELECT id, ${cosine} AS similarity FROM passages WHERE id = ANY($1::text[]) AND ${usable}`;

/** The passages of the datastores most similar to the question, from the minimum up. */
export const semanticCandidatesSql = `
SELECT id, similarity, chunk FROM (
  SELECT id, chunk, ${cosine} AS similarity FROM passages
  WHERE datastore_id = ANY($1::text[]) AND ${usable}
) compared WHERE similarity >= $5 ORDER BY similarity DESC, id LIMIT $6`;

interface Candidate {
  chunk: ChunkRecord;
  lexicalScore: number;
  lexicalRank: number;
  /** null: no vector of the model. */
  similarity: number | null;
}

export function fuseCandidates(
  settings: HybridSettings,
  lexical: RetrievalHit[],
  similarities: { id: string; similarity: number | null }[],
  semantic: { id: string; similarity: number; chunk: ChunkRecord }[],
  limit: number,
): RetrievalHit[] {
  const lexicalWeight = settings.lexicalWeight ?? 0.5;
  const similarityOf = new Map(similarities.map((row) => [row.id, row.similarity]));
  const candidates = new Map<string, Candidate>();
  lexical.forEach((hit, rank) => {
    const similarity = similarityOf.get(hit.chunk.id);
    candidates.set(hit.chunk.id, {
      chunk: hit.chunk,
      lexicalScore: hit.score,
      lexicalRank: rank,
      similarity: similarity === undefined ? null : Number(similarity),
    });
  });
  for (const row of semantic) {
    if (candidates.has(row.id)) continue;
    candidates.set(row.id, {
      chunk: row.chunk,
      lexicalScore: 0,
      lexicalRank: Number.POSITIVE_INFINITY,
      similarity: Number(row.similarity),
    });
  }
  const fused = (candidate: Candidate) =>
    candidate.similarity === null
      ? candidate.lexicalScore
      : lexicalWeight * candidate.lexicalScore +
        (1 - lexicalWeight) * Math.max(0, Math.min(1, candidate.similarity));
  return [...candidates.values()]
    .map((candidate) => ({ candidate, score: fused(candidate) }))
    .filter((scored) => scored.score > 0)
    .sort(
      (left, right) =>
        right.score - left.score ||
        left.candidate.lexicalRank - right.candidate.lexicalRank ||
        left.candidate.chunk.id.localeCompare(right.candidate.chunk.id),
    )
    .slice(0, limit)
    .map(({ candidate, score }) => ({ chunk: candidate.chunk, score }));
}
