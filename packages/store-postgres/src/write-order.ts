import type { WriteOperation } from '@parley/engine';

/**
 * Keeps the store's promise that batches are applied in the order they were given when they touch
 * the same records (the analytics ledger counts on top of batches handed but not yet applied). Batches
 * on different records run side by side on the pool; a batch waits only for the earlier ones it
 * shares a record with (a `deleteWhere` shares its whole collection).
 */
export class WriteOrder {
  /** The last batch given per record key (`collection:id`) and per whole collection (`collection:*`). */
  private readonly tails = new Map<string, Promise<void>>();
  /** Per collection, the batches under way on it (what a `deleteWhere` waits for). */
  private readonly running = new Map<string, Set<Promise<void>>>();

  async run(operations: WriteOperation[], task: () => Promise<void>): Promise<void> {
    const waits = new Set<Promise<void>>();
    const keys = new Set<string>();
    const collections = new Set<string>();
    for (const operation of operations) {
      collections.add(operation.collection);
      const whole = `${operation.collection}:*`;
      const wholeTail = this.tails.get(whole);
      if (wholeTail) waits.add(wholeTail);
      if (operation.type === 'deleteWhere') {
        for (const running of this.running.get(operation.collection) ?? []) waits.add(running);
        keys.add(whole);
        continue;
      }
      const id = operation.type === 'put' || operation.type === 'add' ? operation.record.id : operation.id;
      const key = `${operation.collection}:${id}`;
      const tail = this.tails.get(key);
      if (tail) waits.add(tail);
      keys.add(key);
    }
    const done = Promise.all(waits).then(
      () => task(),
      () => task(),
    );
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) this.tails.set(key, settled);
    for (const collection of collections) {
      let running = this.running.get(collection);
      if (!running) {
        running = new Set();
        this.running.set(collection, running);
      }
      running.add(settled);
    }
    try {
      await done;
    } finally {
      for (const key of keys) if (this.tails.get(key) === settled) this.tails.delete(key);
      for (const collection of collections) {
        const running = this.running.get(collection);
        running?.delete(settled);
        if (running?.size === 0) this.running.delete(collection);
      }
    }
  }

  /** Resolves once every batch given so far is applied or failed. */
  async drained(): Promise<void> {
    const all = [...this.running.values()].flatMap((running) => [...running]);
    await Promise.all(all);
  }
}
