/**
 * The lexical search in SQL, BM25+ as the in-memory index (MiniSearch) scores it. The GIN index
 * finds the passages of the datastores that match any query term (OR); each (passage, term) pair
 * weighs 1 for the term in the text, 0.375 for a longer word it begins (prefix), plus half that for
 * the document's name; a term's inverse document frequency comes from how many of those passages it
 * matches among all passages of the datastores, and a passage's length (its distinct terms) against
 * the matched passages' average. A passage scores the sum over its terms times how many it matches:
 * the raw score that `PassageAnalysis.normalizedScore` brings into 0–1, as for the in-memory index.
 * Chunks are read for the best `limit` passages only.
 */

/** BM25+ parameters, MiniSearch's defaults. */
const saturation = 1.2;
const lengthWeight = 0.7;
const floor = 0.5;
const prefixWeight = 0.375;
const nameWeight = 0.5;

/** Each query term's weight in a passage, in the order of the terms (computed in the one pass over the passage). */
const termWeights = `ARRAY(
    SELECT (CASE WHEN terms @@ text_exact THEN 1 WHEN terms @@ text_prefix THEN ${prefixWeight} ELSE 0 END
      + ${nameWeight} * CASE WHEN terms @@ name_exact THEN 1 WHEN terms @@ name_prefix THEN ${prefixWeight} ELSE 0 END)::float8
    FROM unnest($3::tsquery[], $4::tsquery[], $5::tsquery[], $6::tsquery[]) WITH ORDINALITY
      AS asked(text_exact, text_prefix, name_exact, name_prefix, number)
    ORDER BY number
  )`;

export const lexicalSearchSql = `
WITH matched AS MATERIALIZED (
  SELECT id, length(terms)::float8 AS size, ${termWeights} AS weights FROM passages
  WHERE datastore_id = ANY($1::text[]) AND terms @@ $2::tsquery
),
matches AS (
  SELECT matched.id, matched.size, weighed.number, weighed.weight
  FROM matched CROSS JOIN LATERAL unnest(matched.weights) WITH ORDINALITY AS weighed(weight, number)
  WHERE weighed.weight > 0
),
frequencies AS (SELECT number, count(*)::float8 AS found FROM matches GROUP BY number),
totals AS (
  SELECT (SELECT count(*)::float8 FROM passages WHERE datastore_id = ANY($1::text[])) AS passages,
    (SELECT greatest(avg(size), 1) FROM matched) AS average_size
),
scores AS (
  SELECT matches.id,
    sum(
      ln(1 + (totals.passages - frequencies.found + 0.5) / (frequencies.found + 0.5))
      * matches.weight
      * (${floor} + ${saturation + 1} / (1 + ${saturation} * (1 - ${lengthWeight} + ${lengthWeight} * matches.size / totals.average_size)))
    ) * count(*) AS raw
  FROM matches JOIN frequencies USING (number) CROSS JOIN totals
  GROUP BY matches.id
),
best AS (SELECT id, raw FROM scores ORDER BY raw DESC, id LIMIT $7)
SELECT best.id, best.raw, passages.chunk FROM best JOIN passages USING (id) ORDER BY best.raw DESC, best.id
`;
