/** Euclidean length of a vector. */
export function vectorNorm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < vector.length; index++) {
    const value = vector[index] ?? 0;
    sum += value * value;
  }
  return Math.sqrt(sum);
}

/** Cosine similarity in −1…1 from the norms already known; 0 when the dimensions differ or a vector is zero. */
export function cosineSimilarity(
  left: ArrayLike<number>,
  leftNorm: number,
  right: ArrayLike<number>,
  rightNorm: number,
): number {
  if (left.length !== right.length || leftNorm === 0 || rightNorm === 0) return 0;
  let dot = 0;
  for (let index = 0; index < left.length; index++) dot += (left[index] ?? 0) * (right[index] ?? 0);
  return Math.max(-1, Math.min(1, dot / (leftNorm * rightNorm)));
}
