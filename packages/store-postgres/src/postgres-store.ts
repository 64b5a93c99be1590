import {
  addedRecord,
  type BelowQuery,
  type CollectionName,
  type Collections,
  invalidRequest,
  type ListQuery,
  type OrderedCollection,
  orderedWithin,
  type Page,
  type Store,
  type StoreHealth,
  type Where,
  WriteConflictError,
  type WriteOperation,
} from '@parley/engine';
import pg from 'pg';
import { Availability, isUnavailable, unavailableError } from './availability.js';
import { deepFreeze } from './deep-freeze.js';
import { migrate } from './migrations.js';
import { jsonWithoutNul, withoutNul } from './nul-text.js';
import {
  PostgresRetrievalIndex,
  type PostgresRetrievalOptions,
} from './retrieval/postgres-retrieval-index.js';
import { checkSchemaName, conditionOf, tableOf } from './sql.js';
import { conflictState } from './write-function.js';
import { WriteOrder } from './write-order.js';

export interface PostgresStoreOptions {
  /** `postgres://user@host:5432/database` (`DATABASE_URL`). */
  connectionString: string;
  /** The schema holding Parley's tables (`PARLEY_DATABASE_SCHEMA`, `parley` by default); made if missing. */
  schema?: string;
  /** Connections in the pool (10 by default). */
  poolSize?: number;
  /** The longest a statement may run on the server before it is cancelled (10 s by default). */
  statementTimeoutMs?: number;
  /** The longest to wait for a connection (5 s by default); past it the store answers unavailable. */
  connectionTimeoutMs?: number;
}

type Row = { id: string; data: Record<string, unknown> };

/** Deadlocks and serialization failures between nodes: the batch is simply tried again. */
const retryableStates = new Set(['40P01', '40001']);

/**
 * The PostgreSQL store: one table per collection, each record a JSONB row with its creation position;
 * indexed fields have expression indexes (`(data->>'field', position)`), so finds, counts and keyset
 * pages read only the rows they answer. A batch is one call of `parley_write` (one round trip, one
 * transaction). Lost connections answer `unavailable` (503) and the pool reconnects by itself.
 */
export class PostgresStore implements Store {
  private readonly order = new WriteOrder();
  private readonly availability: Availability;
  private readonly statementNames = new Map<string, string>();
  private closed = false;

  private constructor(private readonly pool: pg.Pool) {
    this.availability = new Availability(async () => {
      await this.pool.query('SELECT 1');
    });
  }

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = checkSchemaName(options.schema ?? 'parley');
    const statementTimeout = options.statementTimeoutMs ?? 10_000;
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      // On the server, and on the client too (a connection that goes silent is given up).
      statement_timeout: statementTimeout,
      query_timeout: statementTimeout + 2_000,
      options: `-c search_path=${schema}`,
    });
    // An idle connection that breaks is dropped by the pool; without a listener it would crash the process.
    pool.on('error', () => {});
    try {
      await migrate(pool, schema);
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    return new PostgresStore(pool);
  }

  /** Runs one query as a named (prepared once per connection) statement; maps a lost database to `unavailable`. */
  private async query<R extends pg.QueryResultRow = Row>(
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    if (this.closed) throw new Error('The store is closed');
    let name = this.statementNames.get(text);
    if (!name) {
      name = `parley_${this.statementNames.size}`;
      this.statementNames.set(text, name);
    }
    try {
      const parameters = values.map((value) => (typeof value === 'string' ? withoutNul(value) : value));
      const result = await this.pool.query<R>({ name, text, values: parameters });
      this.availability.succeeded();
      return result;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      this.availability.failed(error);
      throw unavailableError(error);
    }
  }

  private records<C extends CollectionName>(rows: Row[]): Collections[C][] {
    return rows.map((row) => deepFreeze(row.data) as unknown as Collections[C]);
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<Collections[C] | undefined> {
    const result = await this.query(`SELECT data FROM ${tableOf(collection)} WHERE id = $1`, [id]);
    return this.records<C>(result.rows)[0];
  }

  async findOne<C extends CollectionName>(
    collection: C,
    where: Where<C>,
  ): Promise<Collections[C] | undefined> {
    const condition = conditionOf(collection, where);
    const result = await this.query(
      `SELECT data FROM ${tableOf(collection)} WHERE ${condition.sql} ORDER BY position LIMIT 1`,
      condition.values,
    );
    return this.records<C>(result.rows)[0];
  }

  /** Keyset pagination: the page after the cursor's position, never an offset. */
  async list<C extends CollectionName>(collection: C, query: ListQuery<C>): Promise<Page<Collections[C]>> {
    const table = tableOf(collection);
    const condition = conditionOf(collection, query.where, 2);
    const [comparison, direction] = query.order === 'asc' ? ['>', 'ASC'] : ['<', 'DESC'];
    const after = query.cursor
      ? `AND position ${comparison} (SELECT position FROM ${table} WHERE id = $1)`
      : 'AND $1::text IS NULL';
    const limit = Math.max(1, Math.floor(query.limit));
    const result = await this.query(
      `SELECT id, data FROM ${table} WHERE ${condition.sql} ${after} ORDER BY position ${direction} LIMIT ${limit + 1}`,
      [query.cursor ?? null, ...condition.values],
    );
    if (query.cursor && result.rows.length === 0 && !(await this.get(collection, query.cursor)))
      throw invalidRequest('cursor', 'is not a cursor of this list');
    const rows = result.rows.slice(0, limit);
    return {
      items: this.records<C>(rows),
      nextCursor: result.rows.length > limit ? (rows.at(-1)?.id ?? null) : null,
    };
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    const condition = conditionOf(collection, where);
    const result = await this.query(
      `SELECT count(*)::int AS id FROM ${tableOf(collection)} WHERE ${condition.sql}`,
      condition.values,
    );
    return Number(result.rows[0]?.id ?? 0);
  }

  /** A range of the `(within…, field, position)` index: only the rows answered are read. */
  async listBelow<C extends OrderedCollection>(
    collection: C,
    query: BelowQuery<C>,
  ): Promise<Collections[C][]> {
    const within = orderedWithin(collection, query);
    const where = query.where as Record<string, string>;
    const values = within.map((field) => where[field]);
    const equal = within.map((field, index) => `data->>'${field}' = $${index + 2} AND `).join('');
    // Byte order ("C"), as strings compare in JavaScript and in the embedded store, whatever the locale.
    const ordered = `(data->>'${query.field}') COLLATE "C"`;
    const limit = Math.max(0, Math.floor(query.limit));
    if (query.order === 'desc') {
      // Equal values by id ("C", as JavaScript compares): a page goes on after its last record.
      const after =
        query.belowId !== undefined
          ? `(${ordered} < $1 OR (${ordered} = $1 AND id COLLATE "C" < $${within.length + 2}))`
          : `${ordered} ${query.orEqual ? '<=' : '<'} $1`;
      const descending = [...within.map((field) => `data->>'${field}'`), ordered, 'id COLLATE "C"'];
      const result = await this.query(
        `SELECT data FROM ${tableOf(collection)} WHERE ${equal}${after} ORDER BY ${descending.map((column) => `${column} DESC`).join(', ')} LIMIT ${limit}`,
        query.belowId !== undefined ? [query.below, ...values, query.belowId] : [query.below, ...values],
      );
      return this.records<C>(result.rows);
    }
    const order = [...within.map((field) => `data->>'${field}'`), ordered, 'position'];
    const comparison = query.orEqual ? '<=' : '<';
    const result = await this.query(
      `SELECT data FROM ${tableOf(collection)} WHERE ${equal}${ordered} ${comparison} $1 ORDER BY ${order.join(', ')} LIMIT ${limit}`,
      [query.below, ...values],
    );
    return this.records<C>(result.rows);
  }

  async all<C extends CollectionName>(collection: C, where?: Where<C>): Promise<Collections[C][]> {
    const condition = conditionOf(collection, where);
    const result = await this.query(
      `SELECT data FROM ${tableOf(collection)} WHERE ${condition.sql} ORDER BY position`,
      condition.values,
    );
    return this.records<C>(result.rows);
  }

  /** One call of `parley_write`: the batch in one transaction. Deadlocks between nodes are retried. */
  async write(operations: WriteOperation[]): Promise<void> {
    if (this.closed) throw new Error('The store is closed');
    if (operations.length === 0) return;
    for (const operation of operations) {
      tableOf(operation.collection);
      if (operation.type === 'deleteWhere') conditionOf(operation.collection, operation.where);
      if (operation.type === 'put' || operation.type === 'add') deepFreeze(operation.record);
    }
    // An `add` carries the record it makes where there is none (`parley_write` inserts it as is).
    const batch = jsonWithoutNul(
      operations.map((operation) =>
        operation.type === 'add'
          ? { ...operation, created: addedRecord(undefined, operation.record, operation.removeWhenEmpty) }
          : operation,
      ),
    );
    await this.order.run(operations, async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await this.query('SELECT parley_write($1::jsonb)', [batch]);
          return;
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === conflictState) throw conflictOf(operations);
          if (!(code && retryableStates.has(code)) || attempt >= 3) throw error;
        }
      }
    });
  }

  /**
   * The retrieval index in this database (the `passages` table), on the store's connections. The
   * stored chunks not indexed yet (a database migrated from the embedded store, or filled before the
   * table existed) are indexed first.
   */
  async retrievalIndex(options: PostgresRetrievalOptions): Promise<PostgresRetrievalIndex> {
    const index = new PostgresRetrievalIndex((text, values) => this.query(text, values), options);
    await index.addMissing(async (limit) => {
      const result = await this.query(
        `SELECT data FROM chunks WHERE NOT EXISTS (SELECT 1 FROM passages WHERE passages.id = chunks.id) ORDER BY position LIMIT ${Math.floor(limit)}`,
        [],
      );
      return this.records<'chunks'>(result.rows);
    });
    return index;
  }

  /** Reachable or not (for `/readyz`); each call refreshes the answer in the background. */
  health(): StoreHealth {
    this.availability.refresh();
    const warning = this.availability.warning;
    return { writable: this.availability.available && !this.closed, warnings: warning ? [warning] : [] };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.order.drained();
    this.closed = true;
    await this.pool.end();
  }
}

/** The conflict the database reported, named by the batch's first guard (the one it checked first that failed is not told apart). */
function conflictOf(operations: WriteOperation[]): WriteConflictError {
  const guard = operations.find((operation) => operation.type === 'expect');
  return new WriteConflictError(guard?.collection ?? 'settings', guard?.type === 'expect' ? guard.id : '');
}

export function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  return PostgresStore.open(options);
}
