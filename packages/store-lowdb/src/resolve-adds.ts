import { addedRecord, type CollectionName, type WriteOperation } from '@parley/engine';
import type { AnyRecord } from './collection-state.js';

type Stored = (collection: CollectionName, id: string) => AnyRecord | undefined;

function matches(record: AnyRecord, where: Record<string, string | undefined>): boolean {
  return Object.entries(where).every(([field, value]) => value === undefined || record[field] === value);
}

/**
 * The batches of one group commit with every `add` turned into the `put` (or `delete`) it comes to,
 * counted on top of the stored records and of the batches before it in the group, so the journal
 * holds only records (replaying it twice over a snapshot cannot count twice).
 */
export function resolveAdds(batches: WriteOperation[][], stored: Stored): WriteOperation[][] {
  if (!batches.some((operations) => operations.some((operation) => operation.type === 'add'))) return batches;
  const written = new Map<string, AnyRecord | null>();
  const deletedWhere: { collection: CollectionName; where: Record<string, string | undefined> }[] = [];
  const current = (collection: CollectionName, id: string): AnyRecord | undefined => {
    const key = `${collection}:${id}`;
    if (written.has(key)) return written.get(key) ?? undefined;
    const record = stored(collection, id);
    if (!record) return undefined;
    const deleted = deletedWhere.some(
      (entry) => entry.collection === collection && matches(record, entry.where),
    );
    return deleted ? undefined : record;
  };
  return batches.map((operations) =>
    operations.map((operation): WriteOperation => {
      if (operation.type === 'put')
        written.set(
          `${operation.collection}:${operation.record.id}`,
          operation.record as unknown as AnyRecord,
        );
      else if (operation.type === 'delete') written.set(`${operation.collection}:${operation.id}`, null);
      else if (operation.type === 'deleteWhere') {
        const where = operation.where as Record<string, string | undefined>;
        deletedWhere.push({ collection: operation.collection, where });
        for (const [key, record] of written)
          if (record && key.startsWith(`${operation.collection}:`) && matches(record, where))
            written.set(key, null);
      } else if (operation.type === 'add') {
        const id = operation.record.id;
        const added = addedRecord(
          current(operation.collection, id),
          operation.record as unknown as AnyRecord,
          operation.removeWhenEmpty,
        );
        written.set(`${operation.collection}:${id}`, added);
        return added
          ? ({ type: 'put', collection: operation.collection, record: added } as unknown as WriteOperation)
          : { type: 'delete', collection: operation.collection, id };
      }
      return operation;
    }),
  );
}
