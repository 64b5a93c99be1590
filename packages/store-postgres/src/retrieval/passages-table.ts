/**
 * Migration 2: the `passages` table, the retrieval index kept in PostgreSQL. One row per passage:
 * the chunk as the engine cites it (no vector), its analysed terms as a `tsvector` (the terms
 * Parley's own analysis makes in Node: the text's at weight A, the document name's at weight B)
 * under a GIN index, and, with an embeddings model, its vector as `real[]` with its length, for a
 * cosine computed in SQL (`parley_dot`: no pgvector needed).
 */
export const passagesTable = `
CREATE TABLE passages (
  id text PRIMARY KEY,
  datastore_id text NOT NULL,
  document_id text NOT NULL,
  chunk jsonb NOT NULL,
  terms tsvector NOT NULL,
  embedding real[],
  embedding_model text,
  embedding_norm double precision
);
CREATE INDEX passages_terms ON passages USING gin (terms);
CREATE INDEX passages_datastore ON passages (datastore_id);
CREATE INDEX passages_document ON passages (document_id);
CREATE FUNCTION parley_dot(left_vector real[], right_vector real[]) RETURNS double precision
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $body$ SELECT sum(l::double precision * r) FROM unnest(left_vector, right_vector) AS pairs(l, r) $body$;
`;
