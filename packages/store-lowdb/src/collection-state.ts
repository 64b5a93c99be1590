import {
  type CollectionName,
  type Collections,
  indexedFields,
  invalidRequest,
  type Page,
} from '@parley/engine';

type AnyRecord = { id: string } & Record<string, unknown>;

/** One collection held in memory: records in creation order, with an index per indexed field. */
export class CollectionState {
  readonly records = new Map<string, AnyRecord>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  constructor(readonly name: CollectionName) {
    for (const field of indexedFields[name]) this.indexes.set(field, new Map());
  }

  put(record: AnyRecord): void {
    const previous = this.records.get(record.id);
    for (const [field, index] of this.indexes) {
      const oldValue = previous?.[field];
      const newValue = record[field];
      if (previous && oldValue === newValue) continue;
      if (previous && typeof oldValue === 'string') index.get(oldValue)?.delete(record.id);
      if (typeof newValue === 'string') {
        const ids = index.get(newValue) ?? new Set<string>();
        ids.add(record.id);
        index.set(newValue, ids);
      }
    }
    this.records.set(record.id, record);
  }

  delete(id: string): void {
    const previous = this.records.get(id);
    if (!previous) return;
    for (const [field, index] of this.indexes) {
      const value = previous[field];
      if (typeof value !== 'string') continue;
      const ids = index.get(value);
      ids?.delete(id);
      if (ids?.size === 0) index.delete(value);
    }
    this.records.delete(id);
  }

  /** Ids matching every condition, in creation order. */
  matchingIds(where: Record<string, string | undefined> = {}): string[] {
    const conditions = Object.entries(where).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    if (conditions.length === 0) return [...this.records.keys()];
    let smallest: Set<string> | undefined;
    for (const [field, value] of conditions) {
      const index = this.indexes.get(field);
      if (!index) throw new Error(`${this.name}.${field} is not indexed`);
      const ids = index.get(value) ?? new Set<string>();
      if (!smallest || ids.size < smallest.size) smallest = ids;
    }
    if (conditions.length === 1) return [...(smallest ?? [])];
    return [...(smallest ?? [])].filter((id) => {
      const record = this.records.get(id);
      return conditions.every(([field, value]) => record?.[field] === value);
    });
  }

  count(where?: Record<string, string | undefined>): number {
    if (!where || Object.values(where).every((value) => value === undefined)) return this.records.size;
    return this.matchingIds(where).length;
  }

  list(
    where: Record<string, string | undefined> | undefined,
    limit: number,
    cursor: string | null | undefined,
    order: 'asc' | 'desc',
  ): Page<Collections[CollectionName]> {
    const ids = this.matchingIds(where);
    if (order === 'desc') ids.reverse();
    let start = 0;
    if (cursor) {
      const position = ids.indexOf(cursor);
      if (position === -1) throw invalidRequest('cursor', 'is not a cursor of this list');
      start = position + 1;
    }
    const slice = ids.slice(start, start + limit);
    const hasMore = start + limit < ids.length;
    return {
      items: slice.map((id) => this.records.get(id) as unknown as Collections[CollectionName]),
      nextCursor: hasMore ? (slice.at(-1) ?? null) : null,
    };
  }
}
