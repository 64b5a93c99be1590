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
  options: { orEqual?: boolean; belowId?: string; order?: 'asc' | 'desc' } = {},
): AnyRecord[] {
  const most = Math.max(0, Math.floor(limit));
  const found: AnyRecord[] = [];
  const values: string[] = [];
  const descending = options.order === 'desc';
  for (const record of records) {
    const value = record[field];
    if (typeof value !== 'string' || value > below) continue;
    if (
      value === below &&
      !options.orEqual &&
      !(options.belowId !== undefined && record.id < options.belowId)
    )
      continue;
    // Highest first, equal values by id, highest first.
    const key = descending ? complement(value) + complement(record.id) : value;
    if (found.length === most && !(key < (values.at(-1) as string))) continue;
    const place = firstAbove(values, key);
    values.splice(place, 0, key);
    found.splice(place, 0, record);
    if (found.length > most) {
      values.pop();
      found.pop();
    }
  }
  return found;
}

/** A string whose order is the reverse of `value`'s among strings (each code unit flipped, then a top). */
function complement(value: string): string {
  let flipped = '';
  for (let index = 0; index < value.length; index++)
    flipped += String.fromCharCode(0xffff - value.charCodeAt(index));
  return `${flipped}\uffff`;
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
