import type {
  BelowQuery,
  CollectionName,
  Collections,
  ListQuery,
  OrderedCollection,
  Page,
  Store,
  StoreHealth,
  Where,
  WriteOperation,
} from '../store/store.js';
import type { AnalyticsLedger } from './analytics-ledger.js';

/** Told of every batch once it is written (to keep in-memory indexes such as expiry times). */
export type WriteWatcher = (operations: WriteOperation[]) => void;

/**
 * The engine's view of the store: every write goes through the analytics ledger
 * (which adds the hour buckets it changes to the same batch), then to the watchers.
 * Reads go straight to the store.
 */
export class RecordingStore implements Store {
  constructor(
    readonly inner: Store,
    private readonly ledger: AnalyticsLedger,
    private readonly watchers: WriteWatcher[],
  ) {}

  get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined> {
    return this.inner.get(collection, id);
  }

  findOne<C extends CollectionName>(collection: C, where: Where<C>): Promise<Collections[C] | undefined> {
    return this.inner.findOne(collection, where);
  }

  list<C extends CollectionName>(collection: C, query: ListQuery<C>): Promise<Page<Collections[C]>> {
    return this.inner.list(collection, query);
  }

  count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    return this.inner.count(collection, where);
  }

  listBelow<C extends OrderedCollection>(collection: C, query: BelowQuery<C>): Promise<Collections[C][]> {
    return this.inner.listBelow(collection, query);
  }

  all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]> {
    return this.inner.all(collection, where);
  }

  async write(operations: WriteOperation[]): Promise<void> {
    await this.ledger.write(operations);
    for (const watch of this.watchers) watch(operations);
  }

  health(): StoreHealth {
    return this.inner.health?.() ?? { writable: true, warnings: [] };
  }

  async close(): Promise<void> {
    await this.ledger.stop();
    await this.inner.close();
  }
}
