import {
  addedRecord,
  type BelowQuery,
  type CollectionName,
  indexedFields,
  type OrderedCollection,
  type WriteOperation,
} from '@parley/engine';
import { type AnyRecord, CollectionState } from './collection-state.js';
import { DescendingIndex } from './descending-index.js';

const collectionNames = Object.keys(indexedFields) as CollectionName[];

/**
 * The embedded store's records in memory: a `CollectionState` per collection (its slots and
 * indexes), and the orders of ordered fields read highest first (`listBelow` `desc`), each made on
 * first use and kept up by every operation applied.
 */
export class MemoryRecords {
  private readonly collections = new Map<CollectionName, CollectionState>();
  /** Per collection, the orders of its ordered fields read highest first. */
  private readonly descendingIndexes = new Map<CollectionName, DescendingIndex[]>();

  constructor() {
    for (const name of collectionNames) this.collections.set(name, new CollectionState(name));
  }

  /** A collection's records; an unknown name (a hostile file, a bug) throws. */
  state(name: CollectionName): CollectionState {
    const state = this.collections.get(name);
    if (!state) throw new Error(`Unknown collection ${name}`);
    return state;
  }

  /** The collection named in a file, or undefined for one this version does not know (skipped). */
  named(name: string): CollectionState | undefined {
    return this.collections.get(name as CollectionName);
  }

  states(): IterableIterator<CollectionState> {
    return this.collections.values();
  }

  recordCount(): number {
    let records = 0;
    for (const state of this.collections.values()) records += state.size;
    return records;
  }

  readonly stored = (collection: CollectionName, id: string): AnyRecord | undefined =>
    this.state(collection).get(id);

  /** Applies a batch already checked (its `expect`s hold) and written to the journal. */
  apply(operations: WriteOperation[]): void {
    for (const operation of operations) {
      const state = this.state(operation.collection);
      const orders = this.descendingIndexes.get(operation.collection) ?? [];
      if (operation.type === 'put') {
        state.put(operation.record as never);
        for (const order of orders) order.changed(operation.record.id, operation.record as never);
      } else if (operation.type === 'delete') {
        state.delete(operation.id);
        for (const order of orders) order.changed(operation.id, undefined);
      } else if (operation.type === 'expect') continue;
      else if (operation.type === 'add') {
        // Journals hold the records adds came to (`resolveAdds`); this is for a batch applied directly.
        const added = addedRecord(
          state.get(operation.record.id),
          operation.record as unknown as AnyRecord,
          operation.removeWhenEmpty,
        );
        if (added) state.put(added as never);
        else state.delete(operation.record.id);
        for (const order of orders) order.changed(operation.record.id, added as never);
      } else
        for (const id of state.matchingIds(operation.where as Record<string, string>)) {
          state.delete(id);
          for (const order of orders) order.changed(id, undefined);
        }
    }
  }

  /** `listBelow` highest first: the kept order of the field, filtered by `where`, up to `limit`. */
  descendingBelow(collection: OrderedCollection, query: BelowQuery<OrderedCollection>): AnyRecord[] {
    const state = this.state(collection);
    const where = query.where as Record<string, string>;
    const found: AnyRecord[] = [];
    const every = () => state.matchingIds({}).map((id) => state.get(id) as AnyRecord);
    for (const id of this.descendingIndex(collection, query.field).descending(query, every)) {
      if (found.length >= query.limit) break;
      const record = state.get(id);
      if (record && Object.entries(where).every(([field, value]) => record[field] === value))
        found.push(record);
    }
    return found;
  }

  /** The order of `field` in `collection` kept for `listBelow` highest first (made on first use). */
  private descendingIndex(collection: CollectionName, field: string): DescendingIndex {
    const orders = this.descendingIndexes.get(collection) ?? [];
    this.descendingIndexes.set(collection, orders);
    const known = orders.find((order) => order.field === field);
    if (known) return known;
    const order = new DescendingIndex(field);
    orders.push(order);
    return order;
  }
}
