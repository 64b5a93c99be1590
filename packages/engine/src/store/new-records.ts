/**
 * Records the engine has just made (a session it opens, a turn's messages) and writes through the
 * analytics ledger for the first time: their ids are fresh (120 random bits), so the ledger counts
 * them without reading a previous version from the store (a round trip on PostgreSQL). Marked on the
 * very object written, so a copy, or a record made elsewhere (an import, a test's direct writes), is
 * read as any other. Taken once: writing the same object again reads first.
 */
const made = new WeakSet<object>();

/** `record`, marked as made now and not stored yet. */
export function newRecord<T extends object>(record: T): T {
  made.add(record);
  return record;
}

/** True once for a record marked by `newRecord`. */
export function takeNewRecord(record: object): boolean {
  return made.delete(record);
}
