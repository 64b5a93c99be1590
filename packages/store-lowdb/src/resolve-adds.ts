import { addedRecord, type CollectionName, type WriteOperation } from '@parley/engine';
import type { AnyRecord } from './collection-state.js';

type Stored = (collection: CollectionName, id: string) => AnyRecord | undefined;
type Where = Record<string, string | undefined>;

function matches(record: AnyRecord, where: Where): boolean {
  for (const field in where) {
    const value = where[field];
    if (value !== undefined && record[field] !== value) return false;
  }
  return true;
}

function hasAdd(batches: WriteOperation[][]): boolean {
  for (const operations of batches)
    for (const operation of operations) if (operation.type === 'add') return true;
  return false;
}

/** The records of one group commit as its batches leave them, over the stored ones. */
class Overlay {
  private readonly written = new Map<string, AnyRecord | null>();
  private readonly deletedWhere: { collection: CollectionName; where: Where }[] = [];

  constructor(private readonly stored: Stored) {}

  current(collection: CollectionName, id: string): AnyRecord | undefined {
    const key = `${collection}:${id}`;
    if (this.written.has(key)) return this.written.get(key) ?? undefined;
    const record = this.stored(collection, id);
    if (!record) return undefined;
    for (const entry of this.deletedWhere)
      if (entry.collection === collection && matches(record, entry.where)) return undefined;
    return record;
  }

  /** `operation` with an `add` turned into the `put` (or `delete`) it comes to; noted in the overlay. */
  resolve(operation: WriteOperation): WriteOperation {
    if (operation.type === 'put') {
      this.written.set(
        `${operation.collection}:${operation.record.id}`,
        operation.record as unknown as AnyRecord,
      );
    } else if (operation.type === 'delete') this.written.set(`${operation.collection}:${operation.id}`, null);
    else if (operation.type === 'deleteWhere') {
      const where = operation.where as Where;
      this.deletedWhere.push({ collection: operation.collection, where });
      const prefix = `${operation.collection}:`;
      for (const [key, record] of this.written)
        if (record && key.startsWith(prefix) && matches(record, where)) this.written.set(key, null);
    } else if (operation.type === 'add') {
      const id = operation.record.id;
      const added = addedRecord(
        this.current(operation.collection, id),
        operation.record as unknown as AnyRecord,
        operation.removeWhenEmpty,
      );
      this.written.set(`${operation.collection}:${id}`, added);
      return added
        ? ({ type: 'put', collection: operation.collection, record: added } as unknown as WriteOperation)
        : { type: 'delete', collection: operation.collection, id };
    }
    return operation;
  }
}

/**
 * The batches of one group commit with every `add` turned into the `put` (or `delete`) it comes to,
 * counted on top of the stored records and of the batches before it in the group, so the journal
 * holds only records (replaying it twice over a snapshot cannot count twice).
 */
export function resolveAdds(batches: WriteOperation[][], stored: Stored): WriteOperation[][] {
  if (!hasAdd(batches)) return batches;
  const overlay = new Overlay(stored);
  const resolved: WriteOperation[][] = [];
  for (const operations of batches) {
    const batch: WriteOperation[] = [];
    for (const operation of operations) batch.push(overlay.resolve(operation));
    resolved.push(batch);
  }
  return resolved;
}
