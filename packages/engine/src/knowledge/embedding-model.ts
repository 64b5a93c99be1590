/** The embeddings seam: text → vectors, for semantic retrieval next to the lexical index. Providers live outside the engine. */

export interface EmbeddingCallOptions {
  signal?: AbortSignal;
}

export interface EmbeddingModel {
  /** Identifies the model, e.g. `openai:text-embedding-3-small`: vectors of different models do not compare. */
  readonly name: string;
  /** One vector per text, in the order of the texts. */
  embed(texts: string[], options?: EmbeddingCallOptions): Promise<number[][]>;
}

/** Six significant digits are plenty for cosine similarity and keep the store's journal small. */
export function roundVector(vector: number[]): number[] {
  return vector.map((value) => Number(value.toPrecision(6)));
}

/**
 * The vectors of the texts, rounded for storage; null when the model failed or answered something
 * unusable (a wrong count, an empty or non-finite vector): the caller then goes on without vectors.
 */
export async function embedTexts(
  model: EmbeddingModel,
  texts: string[],
  options: EmbeddingCallOptions = {},
): Promise<number[][] | null> {
  if (texts.length === 0) return [];
  try {
    const vectors = await model.embed(texts, options);
    if (vectors.length !== texts.length) return null;
    const usable = vectors.every(
      (vector) => vector.length > 0 && vector.every((value) => Number.isFinite(value)),
    );
    return usable ? vectors.map(roundVector) : null;
  } catch {
    return null;
  }
}
