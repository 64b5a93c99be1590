type AnyRecord = { id: string } & Record<string, unknown>;

/**
 * The at most `limit` records whose `field` is a string below `below`, lowest first; equal values
 * in the order `records` gives them (creation order). Keeps only those `limit` while it looks, so
 * a page costs one pass over `records`, however many are below.
 */
export function lowestBelow(
  records: Iterable<AnyRecord>,
  field: string,
  below: string,
  limit: number,
): AnyRecord[] {
  const most = Math.max(0, Math.floor(limit));
  const found: AnyRecord[] = [];
  const values: string[] = [];
  for (const record of records) {
    const value = record[field];
    if (typeof value !== 'string' || value >= below) continue;
    if (found.length === most && !(value < (values.at(-1) as string))) continue;
    const place = firstAbove(values, value);
    values.splice(place, 0, value);
    found.splice(place, 0, record);
    if (found.length > most) {
      values.pop();
      found.pop();
    }
  }
  return found;
}

/** The first index of ascending `values` holding a value above `value` (binary search). */
function firstAbove(values: string[], value: string): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as string) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
