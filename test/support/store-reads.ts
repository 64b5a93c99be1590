import type { CollectionName, Store } from '@parley/engine';

/**
 * Counts the records a store hands out, by collection and per turn of the event loop: the store is
 * the engine's boundary with the outside world (its disk or database), so counting what crosses it
 * shows how much an engine task reads, and how much it reads before letting other work run.
 * It times nothing, so what it finds is the same on a fast or a busy machine.
 */
export class StoreReads {
  /** Records read so far, by collection. */
  readonly byCollection = new Map<CollectionName, number>();
  private readThisTurn = 0;

  /** `store`, with every record it returns counted here. */
  wrap(store: Store): Store {
    const counted = (collection: CollectionName, records: number) => {
      this.byCollection.set(collection, (this.byCollection.get(collection) ?? 0) + records);
      this.readThisTurn += records;
    };
    return {
      get: async (collection, id) => {
        const record = await store.get(collection, id);
        counted(collection, record ? 1 : 0);
        return record;
      },
      findOne: async (collection, where) => {
        const record = await store.findOne(collection, where);
        counted(collection, record ? 1 : 0);
        return record;
      },
      list: async (collection, query) => {
        const page = await store.list(collection, query);
        counted(collection, page.items.length);
        return page;
      },
      count: (collection, where) => store.count(collection, where),
      listBelow: async (collection, query) => {
        const records = await store.listBelow(collection, query);
        counted(collection, records.length);
        return records;
      },
      all: async (collection, where) => {
        const records = await store.all(collection, where);
        counted(collection, records.length);
        return records;
      },
      write: (operations) => store.write(operations),
      ...(store.health ? { health: store.health.bind(store) } : {}),
      close: () => store.close(),
    };
  }

  /** Records read of `collection` so far. */
  of(collection: CollectionName): number {
    return this.byCollection.get(collection) ?? 0;
  }

  /** Records read so far, every collection together. */
  total(): number {
    return [...this.byCollection.values()].reduce((sum, records) => sum + records, 0);
  }

  /**
   * Runs `task` while other work asks for a turn of the event loop again and again (as requests
   * would): how many turns it got before `task` ended, and the most records read in any one turn.
   */
  async duringTask(task: () => Promise<unknown>): Promise<{ turnsGiven: number; mostReadInOneTurn: number }> {
    const watch = { records: 0, turns: 0 };
    this.readThisTurn = 0;
    let running = true;
    const otherWork = () => {
      if (!running) return;
      watch.records = Math.max(watch.records, this.readThisTurn);
      this.readThisTurn = 0;
      watch.turns += 1;
      setImmediate(otherWork);
    };
    setImmediate(otherWork);
    try {
      await task();
    } finally {
      running = false;
      watch.records = Math.max(watch.records, this.readThisTurn);
    }
    return { turnsGiven: watch.turns, mostReadInOneTurn: watch.records };
  }
}
