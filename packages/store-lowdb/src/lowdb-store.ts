import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import {
  type CollectionName,
  type Collections,
  indexedFields,
  type ListQuery,
  type Page,
  type Store,
  type Where,
  type WriteOperation,
} from '@parley/engine';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { CollectionState } from './collection-state.js';
import { lockDataFolder } from './data-folder-lock.js';
import { deepFreeze } from './deep-freeze.js';
import { JournalWriter, readJournal } from './journal.js';

export interface LowdbStoreOptions {
  /** The data folder (`PARLEY_DATA_DIR`, `./data` by default). */
  directory: string;
  /** Flush every write to the disk before answering (survives power loss, slower). */
  fsync?: boolean;
  /** Compact once the journal is larger than this and than twice the snapshot. */
  compactAfterBytes?: number;
}

interface Snapshot {
  format: 1;
  generation: number;
  collections: Partial<Record<CollectionName, unknown[]>>;
}

const collectionNames = Object.keys(indexedFields) as CollectionName[];
const journalPattern = /^journal-(\d+)\.jsonl$/;

/** Records serialized and written together while compacting, between two turns of the event loop. */
const recordsPerSlice = 500;

/**
 * The snapshot as JSON text in slices of a few hundred records, so a large store
 * compacts without holding the event loop (no single huge string or buffer).
 * Records are frozen and replaced (never changed) by writes, so the captured
 * lists are a consistent picture however long the writing takes.
 */
function* snapshotSlices(snapshot: Snapshot): Generator<string> {
  let slice = `{"format":${snapshot.format},"generation":${snapshot.generation},"collections":{`;
  let inSlice = 0;
  let firstCollection = true;
  for (const [name, records = []] of Object.entries(snapshot.collections)) {
    slice += `${firstCollection ? '' : ','}${JSON.stringify(name)}:[`;
    firstCollection = false;
    for (let index = 0; index < records.length; index += 1) {
      slice += `${index === 0 ? '' : ','}${JSON.stringify(records[index])}`;
      inSlice += 1;
      if (inSlice >= recordsPerSlice) {
        yield slice;
        slice = '';
        inSlice = 0;
      }
    }
    slice += ']';
  }
  yield `${slice}}}`;
}

/**
 * The embedded store. Every record lives in memory; each write is appended to a
 * journal as one line (so a write costs the same however much is stored), and
 * the whole state is now and then compacted into a lowdb snapshot, which lowdb
 * writes atomically (temporary file, then rename). A crash loses no answered write.
 */
export class LowdbStore implements Store {
  private readonly collections = new Map<CollectionName, CollectionState>();
  private journal!: JournalWriter;
  private generation = 0;
  private snapshotBytes = 0;
  private compaction: Promise<void> | null = null;
  private closed = false;
  /** Writes waiting for the next group commit. */
  private pending: { operations: WriteOperation[]; resolve: () => void; reject: (error: unknown) => void }[] =
    [];
  private flushScheduled = false;

  private constructor(
    private readonly options: Required<LowdbStoreOptions>,
    private readonly unlock: () => void,
  ) {
    for (const name of collectionNames) this.collections.set(name, new CollectionState(name));
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
      },
      unlock,
    );
    try {
      await store.load();
    } catch (error) {
      unlock();
      throw error;
    }
    return store;
  }

  private get snapshotPath(): string {
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

  private async load(): Promise<void> {
    // Read once, then held only as records: nothing keeps the loaded snapshot (or a written one) alive.
    const adapter = new DataFile<Snapshot>(this.snapshotPath, {
      parse: (text) => JSON.parse(text) as Snapshot,
      stringify: (data) => JSON.stringify(data),
    });
    const snapshotFile = new Low(adapter, { format: 1, generation: 0, collections: {} });
    await snapshotFile.read();
    const snapshot = snapshotFile.data;
    this.generation = snapshot.generation;
    for (const name of collectionNames) {
      const state = this.state(name);
      for (const record of snapshot.collections[name] ?? []) state.put(record as never);
    }
    try {
      this.snapshotBytes = statSync(this.snapshotPath).size;
    } catch {
      this.snapshotBytes = 0;
    }
    for (const generation of this.journalGenerations()) {
      if (generation < this.generation) {
        rmSync(this.journalPath(generation), { force: true });
        continue;
      }
      for (const entry of readJournal(this.journalPath(generation))) this.apply(entry.operations);
      this.generation = generation;
    }
    const current = this.journalPath(this.generation);
    let existingBytes = 0;
    try {
      existingBytes = statSync(current).size;
    } catch {
      existingBytes = 0;
    }
    this.journal = new JournalWriter(current, this.options.fsync, existingBytes);
    if (this.shouldCompact()) await this.compact();
  }

  private state(name: CollectionName): CollectionState {
    const state = this.collections.get(name);
    if (!state) throw new Error(`Unknown collection ${name}`);
    return state;
  }

  private apply(operations: WriteOperation[]): void {
    for (const operation of operations) {
      const state = this.state(operation.collection);
      if (operation.type === 'put') state.put(operation.record as never);
      else if (operation.type === 'delete') state.delete(operation.id);
      else for (const id of state.matchingIds(operation.where as Record<string, string>)) state.delete(id);
    }
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
   * or acknowledged before its line is written.
   */
  write(operations: WriteOperation[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The store is closed'));
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
    try {
      this.journal.append(batch.map((entry) => ({ operations: entry.operations })));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    for (const entry of batch) {
      this.apply(entry.operations);
      entry.resolve();
    }
    if (this.compaction === null && this.shouldCompact()) {
      this.compaction = this.compact().finally(() => {
        this.compaction = null;
      });
    }
  }

  private shouldCompact(): boolean {
    return this.journal.bytes > Math.max(this.options.compactAfterBytes, 2 * this.snapshotBytes);
  }

  /**
   * Writes the whole state as a new snapshot. Appends move to a new journal at
   * once; the old journal is removed only after the snapshot is safely renamed
   * into place, so a crash at any point still loads every write.
   */
  async compact(): Promise<void> {
    const collections: Snapshot['collections'] = {};
    for (const name of collectionNames) collections[name] = [...this.state(name).records()];
    const previousJournal = this.journal;
    this.generation += 1;
    this.journal = new JournalWriter(this.journalPath(this.generation), this.options.fsync, 0);
    previousJournal.close();
    const snapshot: Snapshot = { format: 1, generation: this.generation, collections };
    await this.writeSnapshot(snapshot);
    this.snapshotBytes = statSync(this.snapshotPath).size;
    for (const generation of this.journalGenerations()) {
      if (generation < this.generation) rmSync(this.journalPath(generation), { force: true });
    }
  }

  /**
   * lowdb's file, written the way lowdb writes it (a temporary file renamed into
   * place, so a crash leaves the old snapshot or the new one) but slice by slice,
   * and flushed to the disk before the rename so the journals it replaces can go.
   */
  private async writeSnapshot(snapshot: Snapshot): Promise<void> {
    const temporary = `${this.snapshotPath}.${process.pid}.tmp`;
    const file = await open(temporary, 'w');
    try {
      for (const slice of snapshotSlices(snapshot)) await file.write(slice);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.snapshotPath);
  }

  async close(): Promise<void> {
    if (this.closed) return;
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
