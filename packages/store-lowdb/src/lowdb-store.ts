import { mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type BelowQuery,
  type CollectionName,
  type Collections,
  type ListQuery,
  type OrderedCollection,
  orderedWithin,
  type Page,
  type Store,
  type StoreHealth,
  sameRecord,
  type Where,
  WriteConflictError,
  type WriteOperation,
} from '@parley/engine';
import type { AnyRecord } from './collection-state.js';
import { DataFolderFiles, exists } from './data-folder-files.js';
import { folderOwner, lockDataFolder } from './data-folder-lock.js';
import { deepFreeze } from './deep-freeze.js';
import { HeapWatch, readHeap } from './heap-watch.js';
import { JournalWriter, readJournal } from './journal.js';
import type { LowdbStoreOptions } from './lowdb-store-options.js';
import { MemoryRecords } from './memory-records.js';
import { resolveAdds } from './resolve-adds.js';
import { readLegacySnapshot, readSnapshot, writeSnapshot } from './snapshot-file.js';

export type { LowdbStoreOptions } from './lowdb-store-options.js';

/** Records indexed between two turns of the event loop after a load (a few milliseconds). */
const recordsIndexedPerSlice = 2_500;

/**
 * The embedded store. Every record lives in memory; each write is appended to a
 * journal as one line (so a write costs the same however much is stored), and
 * the whole state is now and then compacted into a snapshot of one record a
 * line, written to a temporary file renamed into place and read back line by
 * line, so it loads at any size. A crash loses no answered write; a write the
 * disk could not take is answered with an error and leaves no trace.
 */
export class LowdbStore implements Store {
  private readonly records = new MemoryRecords();
  private readonly files: DataFolderFiles;
  private journal!: JournalWriter;
  private generation = 0;
  private snapshotBytes = 0;
  private compaction: Promise<void> | null = null;
  private compactionProblem: string | null = null;
  private closed = false;
  /** Opened by `openReadOnly`: nothing in the folder is changed, and writes are refused. */
  private readOnly = false;
  private readonly heapWatch: HeapWatch;
  /** Writes waiting for the next group commit. */
  private pending: { operations: WriteOperation[]; resolve: () => void; reject: (error: unknown) => void }[] =
    [];
  private flushScheduled = false;

  private constructor(
    private readonly options: Required<Omit<LowdbStoreOptions, 'onWarning' | 'deferIndexing'>> &
      Pick<LowdbStoreOptions, 'onWarning'>,
    private readonly unlock: () => void,
  ) {
    this.files = new DataFolderFiles(options.directory);
    this.heapWatch = new HeapWatch(options.warnHeapFraction, (message) => options.onWarning?.(message));
  }

  static async open(options: LowdbStoreOptions): Promise<LowdbStore> {
    const directory = path.resolve(options.directory);
    mkdirSync(directory, { recursive: true });
    const unlock = lockDataFolder(directory);
    const store = new LowdbStore(
      {
        directory,
        fsync: options.fsync ?? false,
        compactAfterBytes: options.compactAfterBytes ?? 32 * 1024 * 1024,
        warnHeapFraction: options.warnHeapFraction ?? 0.7,
        onWarning: options.onWarning,
      },
      unlock,
    );
    try {
      await store.load();
    } catch (error) {
      unlock();
      throw error;
    }
    if (!options.deferIndexing) store.indexInBackground();
    return store;
  }

  /**
   * The data folder as it is, for reading only (`parley migrate`): no lock is taken, no leftover
   * removed, no journal opened, no compaction; writes are refused. Refused while a server holds
   * the folder (its records would be changing underneath).
   */
  static async openReadOnly(directoryOption: string): Promise<LowdbStore> {
    const directory = path.resolve(directoryOption);
    if (!exists(directory)) throw new Error(`There is no data folder at ${directory}`);
    const owner = folderOwner(directory);
    if (owner !== undefined)
      throw new Error(`The data folder ${directory} is in use by process ${owner}; stop it first`);
    const store = new LowdbStore(
      { directory, fsync: false, compactAfterBytes: Number.POSITIVE_INFINITY, warnHeapFraction: 1 },
      () => {},
    );
    store.readOnly = true;
    await store.load();
    return store;
  }

  /** Loads the snapshot and then the journals, one line at a time (records are not frozen until handed out). */
  private async load(): Promise<void> {
    if (!this.readOnly) this.files.removeLeftovers();
    const putRecord = (collection: string, record: AnyRecord) => {
      this.records.named(collection)?.put(record);
    };
    if (exists(this.files.snapshotPath)) {
      // Written by `compact` from the slots: unique ids in creation order, indexed after the load.
      this.generation = await readSnapshot(this.files.snapshotPath, (collection, record) => {
        this.records.named(collection)?.load(record);
      });
      this.snapshotBytes = statSync(this.files.snapshotPath).size;
      // A format-1 snapshot still here is older: the compaction that wrote this one was stopped before removing it.
      if (!this.readOnly) rmSync(this.files.legacySnapshotPath, { force: true });
    } else if (exists(this.files.legacySnapshotPath)) {
      this.generation = await readLegacySnapshot(this.files.legacySnapshotPath, putRecord);
      this.snapshotBytes = statSync(this.files.legacySnapshotPath).size;
    }
    let existingBytes = 0;
    for (const generation of this.files.journalGenerations()) {
      if (generation < this.generation) {
        if (!this.readOnly) rmSync(this.files.journalPath(generation), { force: true });
        continue;
      }
      existingBytes = await readJournal(this.files.journalPath(generation), (entry) =>
        this.records.apply(entry.operations),
      );
      this.generation = generation;
    }
    if (this.readOnly) return;
    if (!this.files.journalGenerations().includes(this.generation)) existingBytes = 0;
    this.journal = new JournalWriter(
      this.files.journalPath(this.generation),
      this.options.fsync,
      existingBytes,
    );
    this.heapWatch.check(this.records.recordCount(), true);
    if (this.shouldCompact()) {
      await this.compact().catch((error: unknown) => {
        // The journals still hold everything; the next compaction tries again.
        this.compactionProblem = `compaction failed: ${(error as Error).message}`;
      });
    }
  }

  /**
   * Indexes the snapshot's records a slice at a time between turns of the
   * event loop, so the server answers while a large store is still being
   * indexed (a request that needs an index first finishes that collection's).
   */
  indexInBackground(): void {
    let left = false;
    for (const state of this.records.states()) {
      if (state.unindexed > 0 && !state.indexSome(recordsIndexedPerSlice)) left = true;
    }
    if (left && !this.closed) setImmediate(() => this.indexInBackground()).unref();
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined> {
    return this.records.state(collection).get(id) as Collections[C] | undefined;
  }

  async findOne<C extends CollectionName>(
    collection: C,
    where: Where<C>,
  ): Promise<Collections[C] | undefined> {
    return this.records.state(collection).findOne(where as Record<string, string>) as
      | Collections[C]
      | undefined;
  }

  async list<C extends CollectionName>(collection: C, query: ListQuery<C>): Promise<Page<Collections[C]>> {
    const where = query.where as Record<string, string> | undefined;
    return this.records.state(collection).list(where, query.limit, query.cursor, query.order) as Page<
      Collections[C]
    >;
  }

  async listBelow<C extends OrderedCollection>(
    collection: C,
    query: BelowQuery<C>,
  ): Promise<Collections[C][]> {
    orderedWithin(collection, query);
    const where = query.where as Record<string, string>;
    if (query.order === 'desc')
      return this.records.descendingBelow(
        collection,
        query as BelowQuery<OrderedCollection>,
      ) as unknown as Collections[C][];
    return this.records.state(collection).below(where, query.field, query.below, query.limit, {
      orEqual: query.orEqual === true,
      order: query.order ?? 'asc',
      ...(query.belowId !== undefined ? { belowId: query.belowId } : {}),
    }) as unknown as Collections[C][];
  }

  async all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]> {
    return this.records
      .state(collection)
      .all(where as Record<string, string> | undefined) as unknown as Collections[C][];
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    return this.records.state(collection).count(where as Record<string, string> | undefined);
  }

  /**
   * Group commit: the writes asked for in one turn of the event loop are
   * appended together in one system call (each still its own line, so each is
   * atomic), then applied and resolved in order. Nothing is visible to readers
   * or acknowledged before its line is written; if the disk refuses the lines,
   * they are cut off the journal again and every write of the batch is refused.
   */
  write(operations: WriteOperation[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The store is closed'));
    if (this.readOnly) return Promise.reject(new Error('The store was opened read-only'));
    if (operations.length === 0) return Promise.resolve();
    for (const operation of operations) {
      this.records.state(operation.collection);
      if (operation.type === 'put') deepFreeze(operation.record);
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ operations, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    // A batch with `expect` guards is checked against everything before it: what precedes it is written first.
    let accepted: typeof batch = [];
    for (const entry of batch) {
      if (entry.operations.some((operation) => operation.type === 'expect')) {
        this.appendAndApply(accepted);
        accepted = [];
        const conflict = this.conflictOf(entry.operations);
        if (conflict) {
          entry.reject(conflict);
          continue;
        }
      }
      accepted.push(entry);
    }
    this.appendAndApply(accepted);
    this.heapWatch.check(this.records.recordCount());
    if (this.compaction === null && this.shouldCompact()) {
      this.compaction = this.compact()
        .then(
          () => {
            this.compactionProblem = null;
          },
          (error: unknown) => {
            // The journals still hold everything: the next compaction tries again.
            this.compactionProblem = `compaction failed: ${(error as Error).message}`;
          },
        )
        .finally(() => {
          this.compaction = null;
        });
    }
  }

  private appendAndApply(
    entries: { operations: WriteOperation[]; resolve: () => void; reject: (error: unknown) => void }[],
  ): void {
    if (entries.length === 0) return;
    const batches = resolveAdds(
      entries.map((entry) => entry.operations.filter((operation) => operation.type !== 'expect')),
      this.records.stored,
    );
    try {
      this.journal.append(batches.map((operations) => ({ operations })));
    } catch (error) {
      for (const entry of entries) entry.reject(error);
      return;
    }
    entries.forEach((entry, index) => {
      this.records.apply(batches[index] ?? []);
      entry.resolve();
    });
  }

  /** The first `expect` of `operations` that does not hold now (earlier operations of the batch applied). */
  private conflictOf(operations: WriteOperation[]): WriteConflictError | null {
    const changed = new Map<string, unknown>();
    for (const operation of operations) {
      const key = `${operation.collection}:${'id' in operation ? operation.id : ''}`;
      if (operation.type === 'put')
        changed.set(`${operation.collection}:${operation.record.id}`, operation.record);
      else if (operation.type === 'delete') changed.set(key, null);
      else if (operation.type === 'expect') {
        const current = changed.has(key)
          ? changed.get(key)
          : (this.records.state(operation.collection).get(operation.id) ?? null);
        if (!sameRecord(current, operation.record))
          return new WriteConflictError(operation.collection, operation.id);
      }
    }
    return null;
  }

  private shouldCompact(): boolean {
    return this.journal.bytes > Math.max(this.options.compactAfterBytes, 2 * this.snapshotBytes);
  }

  /** Whether writes are taken, how much is held, and warnings for the operator (for `/readyz`). */
  health(): StoreHealth {
    const records = this.records.recordCount();
    this.heapWatch.check(records, true);
    const warnings: string[] = [];
    const problem = this.journal.problem;
    if (problem) warnings.push(`Writes are refused: ${problem}`);
    if (this.compactionProblem)
      warnings.push(`The data folder could not be compacted: ${this.compactionProblem}`);
    if (this.heapWatch.warning) warnings.push(this.heapWatch.warning);
    return {
      writable: problem === null && !this.closed,
      records,
      heapUsedFraction: Math.round(readHeap().fraction * 1000) / 1000,
      warnings,
    };
  }

  /**
   * Writes the whole state as a new snapshot. Appends move to a new journal at
   * once; the old journal is removed only after the snapshot is safely renamed
   * into place, so a crash at any point still loads every write.
   */
  async compact(): Promise<void> {
    // The record lists as they are now: records are never changed in place, so this is a consistent picture.
    const sections = [...this.records.states()].map((state) => {
      const records = [...state.records()];
      return { name: state.name, count: records.length, records };
    });
    const nextJournal = new JournalWriter(this.files.journalPath(this.generation + 1), this.options.fsync, 0);
    const previousJournal = this.journal;
    this.generation += 1;
    this.journal = nextJournal;
    previousJournal.close();
    try {
      await writeSnapshot(this.files.snapshotPath, this.generation, sections);
    } catch (error) {
      rmSync(`${this.files.snapshotPath}.${process.pid}.tmp`, { force: true });
      throw error;
    }
    rmSync(this.files.legacySnapshotPath, { force: true });
    this.snapshotBytes = statSync(this.files.snapshotPath).size;
    for (const generation of this.files.journalGenerations()) {
      if (generation < this.generation) rmSync(this.files.journalPath(generation), { force: true });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.readOnly) {
      this.closed = true;
      return;
    }
    this.flush();
    this.closed = true;
    await this.compaction;
    this.journal.close();
    this.unlock();
  }
}

export function openLowdbStore(options: LowdbStoreOptions): Promise<LowdbStore> {
  return LowdbStore.open(options);
}
