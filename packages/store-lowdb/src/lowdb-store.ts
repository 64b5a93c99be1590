import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  addedRecord,
  type BelowQuery,
  type CollectionName,
  type Collections,
  indexedFields,
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
import { type AnyRecord, CollectionState } from './collection-state.js';
import { folderOwner, isStaleLockLeftover, lockDataFolder } from './data-folder-lock.js';
import { deepFreeze } from './deep-freeze.js';
import { DescendingIndex } from './descending-index.js';
import { HeapWatch, readHeap } from './heap-watch.js';
import { JournalWriter, readJournal } from './journal.js';
import { resolveAdds } from './resolve-adds.js';
import { readLegacySnapshot, readSnapshot, writeSnapshot } from './snapshot-file.js';

export interface LowdbStoreOptions {
  /** The data folder (`PARLEY_DATA_DIR`, `./data` by default). */
  directory: string;
  /** Flush every write to the disk before answering (survives power loss, slower). */
  fsync?: boolean;
  /** Compact once the journal is larger than this and than twice the snapshot. */
  compactAfterBytes?: number;
  /**
   * Warn once the heap is this full (0–1; `PARLEY_STORE_WARN_HEAP_FRACTION`,
   * 0.7 by default): the records live in memory, and past the limit the process dies.
   */
  warnHeapFraction?: number;
  /** Told (once a crossing) when the heap passes `warnHeapFraction`, with the warning in words. */
  onWarning?: (message: string) => void;
  /**
   * Index the snapshot's records only once `indexInBackground()` is called
   * (or a read or write needs an index), instead of as soon as the store is
   * open: the server calls it once it listens, so its own start does not wait
   * for slices of indexing between its steps.
   */
  deferIndexing?: boolean;
}

/** Records indexed between two turns of the event loop after a load (a few milliseconds). */
const recordsIndexedPerSlice = 2_500;
const collectionNames = Object.keys(indexedFields) as CollectionName[];
const journalPattern = /^journal-(\d+)\.jsonl$/;
/** Left by a server killed while compacting; never a file in use (the folder is locked). */
const temporarySnapshotPattern = /^parley\.jsonl?\.\d+\.tmp$/;

/**
 * The embedded store. Every record lives in memory; each write is appended to a
 * journal as one line (so a write costs the same however much is stored), and
 * the whole state is now and then compacted into a snapshot of one record a
 * line, written to a temporary file renamed into place and read back line by
 * line, so it loads at any size. A crash loses no answered write; a write the
 * disk could not take is answered with an error and leaves no trace.
 */
export class LowdbStore implements Store {
  private readonly collections = new Map<CollectionName, CollectionState>();
  /** Per collection, the orders of its ordered fields read highest first (`listBelow` `desc`). */
  private readonly descendingIndexes = new Map<CollectionName, DescendingIndex[]>();
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
    for (const name of collectionNames) this.collections.set(name, new CollectionState(name));
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

  /** The snapshot: one record a line. */
  private get snapshotPath(): string {
    return path.join(this.options.directory, 'parley.jsonl');
  }

  /** The snapshot of earlier versions (one JSON document), read when there is no newer one. */
  private get legacySnapshotPath(): string {
    return path.join(this.options.directory, 'parley.json');
  }

  private journalPath(generation: number): string {
    return path.join(this.options.directory, `journal-${generation}.jsonl`);
  }

  private journalGenerations(): number[] {
    return readdirSync(this.options.directory)
      .map((name) => journalPattern.exec(name)?.[1])
      .filter((value): value is string => value !== undefined)
      .map(Number)
      .sort((left, right) => left - right);
  }

  private removeLeftovers(): void {
    for (const name of readdirSync(this.options.directory)) {
      if (temporarySnapshotPattern.test(name) || isStaleLockLeftover(name))
        rmSync(path.join(this.options.directory, name), { force: true });
    }
  }

  /** Loads the snapshot and then the journals, one line at a time (records are not frozen until handed out). */
  private async load(): Promise<void> {
    if (!this.readOnly) this.removeLeftovers();
    const putRecord = (collection: string, record: AnyRecord) => {
      this.collections.get(collection as CollectionName)?.put(record);
    };
    if (exists(this.snapshotPath)) {
      // Written by `compact` from the slots: unique ids in creation order, indexed after the load.
      this.generation = await readSnapshot(this.snapshotPath, (collection, record) => {
        this.collections.get(collection as CollectionName)?.load(record);
      });
      this.snapshotBytes = statSync(this.snapshotPath).size;
      // A format-1 snapshot still here is older: the compaction that wrote this one was stopped before removing it.
      if (!this.readOnly) rmSync(this.legacySnapshotPath, { force: true });
    } else if (exists(this.legacySnapshotPath)) {
      this.generation = await readLegacySnapshot(this.legacySnapshotPath, putRecord);
      this.snapshotBytes = statSync(this.legacySnapshotPath).size;
    }
    let existingBytes = 0;
    for (const generation of this.journalGenerations()) {
      if (generation < this.generation) {
        if (!this.readOnly) rmSync(this.journalPath(generation), { force: true });
        continue;
      }
      existingBytes = await readJournal(this.journalPath(generation), (entry) =>
        this.apply(entry.operations),
      );
      this.generation = generation;
    }
    if (this.readOnly) return;
    if (!this.journalGenerations().includes(this.generation)) existingBytes = 0;
    this.journal = new JournalWriter(this.journalPath(this.generation), this.options.fsync, existingBytes);
    this.heapWatch.check(this.recordCount(), true);
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
    for (const state of this.collections.values()) {
      if (state.unindexed > 0 && !state.indexSome(recordsIndexedPerSlice)) left = true;
    }
    if (left && !this.closed) setImmediate(() => this.indexInBackground()).unref();
  }

  private state(name: CollectionName): CollectionState {
    const state = this.collections.get(name);
    if (!state) throw new Error(`Unknown collection ${name}`);
    return state;
  }

  private recordCount(): number {
    let records = 0;
    for (const state of this.collections.values()) records += state.size;
    return records;
  }

  private readonly storedRecord = (collection: CollectionName, id: string): AnyRecord | undefined =>
    this.state(collection).get(id);

  private apply(operations: WriteOperation[]): void {
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

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined> {
    return this.state(collection).get(id) as Collections[C] | undefined;
  }

  async findOne<C extends CollectionName>(
    collection: C,
    where: Where<C>,
  ): Promise<Collections[C] | undefined> {
    return this.state(collection).findOne(where as Record<string, string>) as Collections[C] | undefined;
  }

  async list<C extends CollectionName>(collection: C, query: ListQuery<C>): Promise<Page<Collections[C]>> {
    const where = query.where as Record<string, string> | undefined;
    return this.state(collection).list(where, query.limit, query.cursor, query.order) as Page<Collections[C]>;
  }

  async listBelow<C extends OrderedCollection>(
    collection: C,
    query: BelowQuery<C>,
  ): Promise<Collections[C][]> {
    orderedWithin(collection, query);
    const where = query.where as Record<string, string>;
    if (query.order === 'desc') {
      const state = this.state(collection);
      const found: unknown[] = [];
      const every = () => state.matchingIds({}).map((id) => state.get(id) as AnyRecord);
      for (const id of this.descendingIndex(collection, query.field).descending(query, every)) {
        if (found.length >= query.limit) break;
        const record = state.get(id);
        if (record && Object.entries(where).every(([field, value]) => record[field] === value))
          found.push(record);
      }
      return found as Collections[C][];
    }
    return this.state(collection).below(where, query.field, query.below, query.limit, {
      orEqual: query.orEqual === true,
      order: query.order ?? 'asc',
      ...(query.belowId !== undefined ? { belowId: query.belowId } : {}),
    }) as unknown as Collections[C][];
  }

  async all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]> {
    return this.state(collection).all(
      where as Record<string, string> | undefined,
    ) as unknown as Collections[C][];
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    return this.state(collection).count(where as Record<string, string> | undefined);
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
      this.state(operation.collection);
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
    this.heapWatch.check(this.recordCount());
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
      this.storedRecord,
    );
    try {
      this.journal.append(batches.map((operations) => ({ operations })));
    } catch (error) {
      for (const entry of entries) entry.reject(error);
      return;
    }
    entries.forEach((entry, index) => {
      this.apply(batches[index] ?? []);
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
          : (this.state(operation.collection).get(operation.id) ?? null);
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
    const records = this.recordCount();
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
    const sections = collectionNames.map((name) => {
      const records = [...this.state(name).records()];
      return { name, count: records.length, records };
    });
    const nextJournal = new JournalWriter(this.journalPath(this.generation + 1), this.options.fsync, 0);
    const previousJournal = this.journal;
    this.generation += 1;
    this.journal = nextJournal;
    previousJournal.close();
    try {
      await writeSnapshot(this.snapshotPath, this.generation, sections);
    } catch (error) {
      rmSync(`${this.snapshotPath}.${process.pid}.tmp`, { force: true });
      throw error;
    }
    rmSync(this.legacySnapshotPath, { force: true });
    this.snapshotBytes = statSync(this.snapshotPath).size;
    for (const generation of this.journalGenerations()) {
      if (generation < this.generation) rmSync(this.journalPath(generation), { force: true });
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

function exists(filePath: string): boolean {
  try {
    statSync(filePath);
    return true;
  } catch {
    return false;
  }
}

export function openLowdbStore(options: LowdbStoreOptions): Promise<LowdbStore> {
  return LowdbStore.open(options);
}
