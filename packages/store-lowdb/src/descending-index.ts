type AnyRecord = { id: string } & Record<string, unknown>;

/** `(value, id)` pairs compared as `listBelow` orders them: by value, then by id. */
function compare(leftValue: string, leftId: string, rightValue: string, rightId: string): number {
  if (leftValue !== rightValue) return leftValue < rightValue ? -1 : 1;
  return leftId < rightId ? -1 : leftId > rightId ? 1 : 0;
}

/**
 * A collection's records in the order of one ordered field (then id), for `listBelow` highest first:
 * built on its first use by one pass over the records, then kept as records are written, so a page
 * costs a binary search and the records it looks at, however many are stored.
 */
export class DescendingIndex {
  /** Ascending `(value, id)`; null until first used. */
  private values: string[] | null = null;
  private ids: string[] = [];
  private readonly valueOf = new Map<string, string>();

  constructor(readonly field: string) {}

  /** Follows a write of record `id` (`after` undefined: deleted). */
  changed(id: string, after: AnyRecord | undefined): void {
    if (!this.values) return;
    const before = this.valueOf.get(id);
    const value = after?.[this.field];
    if (before === value) return;
    if (before !== undefined) {
      const place = this.firstAtOrAbove(before, id);
      this.values.splice(place, 1);
      this.ids.splice(place, 1);
      this.valueOf.delete(id);
    }
    if (typeof value === 'string') {
      const place = this.firstAtOrAbove(value, id);
      this.values.splice(place, 0, value);
      this.ids.splice(place, 0, id);
      this.valueOf.set(id, value);
    }
  }

  /**
   * The ids below `below` (or equal with `orEqual`, or equal with an id below `belowId`), highest
   * first; `records` gives every record the first time.
   */
  *descending(
    query: { below: string; orEqual?: boolean; belowId?: string },
    records: () => Iterable<AnyRecord>,
  ): Generator<string> {
    if (!this.values) this.build(records());
    const values = this.values as string[];
    // The first place at or above the bound; everything before it is in range.
    const end =
      query.belowId !== undefined
        ? this.firstAtOrAbove(query.below, query.belowId)
        : query.orEqual
          ? this.firstAtOrAbove(query.below, '\uffff\uffff')
          : this.firstAtOrAbove(query.below, '');
    for (let place = end - 1; place >= 0; place--) {
      if ((values[place] as string) > query.below) continue;
      yield this.ids[place] as string;
    }
  }

  private build(records: Iterable<AnyRecord>): void {
    const pairs: [string, string][] = [];
    for (const record of records) {
      const value = record[this.field];
      if (typeof value === 'string') pairs.push([value, record.id]);
    }
    pairs.sort((left, right) => compare(left[0], left[1], right[0], right[1]));
    this.values = pairs.map((pair) => pair[0]);
    this.ids = pairs.map((pair) => pair[1]);
    this.valueOf.clear();
    for (const [value, id] of pairs) this.valueOf.set(id, value);
  }

  /** The first place whose `(value, id)` is at or above the given one (binary search). */
  private firstAtOrAbove(value: string, id: string): number {
    const values = this.values as string[];
    let low = 0;
    let high = values.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(values[middle] as string, this.ids[middle] as string, value, id) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
