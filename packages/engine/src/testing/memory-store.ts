import { sameRecord } from '../store/same-record.js';
import {
  addedRecord,
  type BelowQuery,
  type CollectionName,
  type Collections,
  type ListQuery,
  type OrderedCollection,
  orderedWithin,
  type Page,
  type Store,
  type Where,
  WriteConflictError,
  type WriteOperation,
} from '../store/store.js';

type AnyRecord = { id: string } & Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function matches(record: AnyRecord, where: Record<string, string> | undefined): boolean {
  if (!where) return true;
  return Object.entries(where).every(([field, value]) => record[field] === value);
}

/**
 * A store in memory, for the engine's unit tests: the `Store` contract (insertion
 * order, cursors, all-or-nothing batches, frozen records) without a disk. Not for
 * production: nothing survives the process.
 */
export class MemoryStore implements Store {
  private readonly collections = new Map<CollectionName, Map<string, AnyRecord>>();
  /** Every batch written, in order: what a test may read to see what a call wrote together. */
  readonly batches: WriteOperation[][] = [];
  private closed = false;

  private records(collection: CollectionName): Map<string, AnyRecord> {
    let records = this.collections.get(collection);
    if (!records) {
      records = new Map();
      this.collections.set(collection, records);
    }
    return records;
  }

  private filtered(collection: CollectionName, where: unknown): AnyRecord[] {
    const conditions = where as Record<string, string> | undefined;
    return [...this.records(collection).values()].filter((record) => matches(record, conditions));
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined> {
    return this.records(collection).get(id) as Collections[C] | undefined;
  }

  async findOne<C extends CollectionName>(
    collection: C,
    where: Where<C>,
  ): Promise<Collections[C] | undefined> {
    return this.filtered(collection, where)[0] as Collections[C] | undefined;
  }

  async list<C extends CollectionName>(collection: C, query: ListQuery<C>): Promise<Page<Collections[C]>> {
    const ordered = this.filtered(collection, query.where);
    if (query.order === 'desc') ordered.reverse();
    const after = query.cursor ? ordered.findIndex((record) => record.id === query.cursor) + 1 : 0;
    const items = ordered.slice(after, after + query.limit);
    const more = after + query.limit < ordered.length;
    return {
      items: items as unknown as Collections[C][],
      nextCursor: more ? (items.at(-1)?.id ?? null) : null,
    };
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    return this.filtered(collection, where).length;
  }

  async listBelow<C extends OrderedCollection>(
    collection: C,
    query: BelowQuery<C>,
  ): Promise<Collections[C][]> {
    orderedWithin(collection, query);
    const field = query.field;
    const inRange = (record: Record<string, unknown>) => {
      const value = record[field];
      if (typeof value !== 'string') return false;
      if (value < query.below) return true;
      if (value !== query.below) return false;
      return query.orEqual === true || (query.belowId !== undefined && (record.id as string) < query.belowId);
    };
    const below = this.filtered(collection, query.where).filter((record) =>
      inRange(record as unknown as Record<string, unknown>),
    );
    const fieldOf = (record: unknown) => (record as Record<string, string>)[field] as string;
    if (query.order === 'desc')
      below.sort((left, right) => {
        const [a, b] = [fieldOf(left), fieldOf(right)];
        if (a !== b) return a > b ? -1 : 1;
        return left.id > right.id ? -1 : left.id < right.id ? 1 : 0;
      });
    else
      below.sort((left, right) =>
        fieldOf(left) < fieldOf(right) ? -1 : fieldOf(left) === fieldOf(right) ? 0 : 1,
      );
    return below.slice(0, query.limit) as unknown as Collections[C][];
  }

  async all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]> {
    return this.filtered(collection, where) as unknown as Collections[C][];
  }

  async write(operations: WriteOperation[]): Promise<void> {
    if (this.closed) throw new Error('The store is closed');
    // Applied to copies first, so a batch is written whole or not at all.
    const changed = new Map<CollectionName, Map<string, AnyRecord>>();
    const copyOf = (collection: CollectionName) => {
      let copy = changed.get(collection);
      if (!copy) {
        copy = new Map(this.records(collection));
        changed.set(collection, copy);
      }
      return copy;
    };
    for (const operation of operations) {
      const records = copyOf(operation.collection);
      if (operation.type === 'put') {
        const record = deepFreeze(operation.record) as unknown as AnyRecord;
        records.set(record.id, record);
      } else if (operation.type === 'delete') records.delete(operation.id);
      else if (operation.type === 'add') {
        const id = operation.record.id;
        const added = addedRecord(
          records.get(id),
          operation.record as unknown as AnyRecord,
          operation.removeWhenEmpty,
        );
        if (added) records.set(id, deepFreeze(added));
        else records.delete(id);
      } else if (operation.type === 'expect') {
        if (!sameRecord(records.get(operation.id) ?? null, operation.record))
          throw new WriteConflictError(operation.collection, operation.id);
      } else {
        const where = operation.where as Record<string, string>;
        for (const [id, record] of records) if (matches(record, where)) records.delete(id);
      }
    }
    for (const [collection, records] of changed) this.collections.set(collection, records);
    if (operations.length > 0) this.batches.push(operations);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
