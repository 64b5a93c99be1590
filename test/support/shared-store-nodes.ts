import { Engine, type EngineOptions, type Store } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { StoreReads } from './store-reads.js';

/** What a node is given besides its store and the offline model (its clock, its retention…). */
export type NodeOptions = Omit<EngineOptions, 'store' | 'model'>;

/**
 * Two engines sharing one PostgreSQL schema of their own, as two nodes on one database: node A
 * writes, node B's store reads are counted (`reads`), and `store` reaches the schema directly (to
 * fill it, or to see what the nodes wrote). `close` stops the engines and drops the schema.
 */
export class SharedStoreNodes {
  readonly reads = new StoreReads();
  private readonly schema = newTestSchema();
  private readonly opened: { close(): Promise<void> }[] = [];

  /** Node A, then node B (with `reads` counting what its store hands out). */
  async openTwo(options: NodeOptions): Promise<{ nodeA: Engine; nodeB: Engine }> {
    const nodeA = await this.openNode(options);
    const nodeB = await this.openNode(options, this.reads);
    return { nodeA, nodeB };
  }

  /** The schema's store, not through any engine. */
  async store(): Promise<Store> {
    return this.keep(await PostgresStore.open({ connectionString: testDatabaseUrl, schema: this.schema }));
  }

  async close(): Promise<void> {
    for (const opened of this.opened.splice(0).reverse()) await opened.close();
    await dropSchema(this.schema);
  }

  private async openNode(options: NodeOptions, reads?: StoreReads): Promise<Engine> {
    const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema: this.schema });
    return this.keep(
      new Engine({ ...options, store: reads ? reads.wrap(store) : store, model: new OfflineModel() }),
    );
  }

  private keep<Opened extends { close(): Promise<void> }>(opened: Opened): Opened {
    this.opened.push(opened);
    return opened;
  }
}
