import { type CollectionName, indexedFields, put, type Store } from '@parley/engine';

/** Records written to PostgreSQL in one transaction. */
const batchSize = 500;

/** Leases are a running node's claims on work: nothing to carry over. */
const skipped: ReadonlySet<CollectionName> = new Set(['leases']);

/**
 * Marks the target as filled from a data folder, so a migration stopped half way can run again
 * (every record is written by id, so writing it twice leaves one), while a database that holds
 * anything else (a node was started on it) is refused rather than mixed.
 */
const markerId = 'migration';

export interface MigrationCount {
  collection: CollectionName;
  source: number;
  target: number;
}

export interface MigrationOptions {
  source: Store;
  target: Store;
  /** Names the source in the marker (the data folder's path). */
  sourceName: string;
  /** One line of progress at a time, for the terminal. */
  progress?: (line: string) => void;
}

/** A migration that cannot start or did not end with equal counts; the message says what to do. */
export class MigrationError extends Error {}

async function checkTargetIsOurs(options: MigrationOptions, collections: CollectionName[]): Promise<void> {
  const marker = await options.target.get('settings', markerId);
  if (marker) {
    if (marker.value.source !== options.sourceName)
      throw new MigrationError(
        `The database was filled from another data folder (${String(marker.value.source)}); use a new PARLEY_DATABASE_SCHEMA`,
      );
    return;
  }
  for (const collection of collections) {
    if ((await options.target.count(collection)) > 0)
      throw new MigrationError(
        `The database already holds ${collection} that are not from this data folder (was a node started on it?); migrate into an empty schema (a new PARLEY_DATABASE_SCHEMA) before starting any node`,
      );
  }
}

/**
 * Copies every record of an embedded data folder into PostgreSQL, collection by collection in
 * batches, then checks that each collection holds as many records on both sides. The source is
 * only read. Run again after an interruption, it writes everything again and ends with the same
 * result (records are written by id).
 */
export async function migrateStore(options: MigrationOptions): Promise<MigrationCount[]> {
  const progress = options.progress ?? (() => {});
  const collections = (Object.keys(indexedFields) as CollectionName[]).filter((name) => !skipped.has(name));
  await checkTargetIsOurs(options, collections);
  await options.target.write([
    put('settings', {
      id: markerId,
      value: { source: options.sourceName, started_at: new Date().toISOString() },
    }),
  ]);
  for (const collection of collections) {
    const records = await options.source.all(collection);
    for (let first = 0; first < records.length; first += batchSize) {
      const batch = records.slice(first, first + batchSize);
      await options.target.write(batch.map((record) => put(collection, record as never)));
      progress(`${collection}: ${Math.min(first + batchSize, records.length)} of ${records.length}`);
    }
  }
  const counts: MigrationCount[] = [];
  for (const collection of collections) {
    const source = await options.source.count(collection);
    // The marker is the migration's own record, not one of the folder's.
    const target = (await options.target.count(collection)) - (collection === 'settings' ? 1 : 0);
    counts.push({ collection, source, target });
  }
  const unequal = counts.filter((count) => count.source !== count.target);
  if (unequal.length > 0)
    throw new MigrationError(
      `Counts differ after copying: ${unequal.map((count) => `${count.collection} ${count.source} → ${count.target}`).join(', ')}`,
    );
  return counts;
}
