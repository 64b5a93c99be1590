import { indexedFields, orderedFields } from '@parley/engine';
import type pg from 'pg';
import { passagesTable } from './retrieval/passages-table.js';
import { collectionNames } from './sql.js';
import { addFunction, writeFunction } from './write-function.js';
import { writeFunctionVersion1 } from './write-function-1.js';

/** One step of the schema, applied once, in order, each in its own transaction. */
interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Append only: a released migration is never changed, a new one is added. A new collection or a new
 * indexed field needs none: `ensureCollections` makes the missing tables and indexes on every start.
 */
export const migrations: Migration[] = [
  { version: 1, description: 'parley_write: a batch of writes in one call', sql: writeFunctionVersion1 },
  { version: 2, description: 'passages: the retrieval index (tsvector + GIN, vectors)', sql: passagesTable },
  {
    version: 3,
    description: 'parley_write: add (counters counted in SQL)',
    sql: `${addFunction}\n${writeFunction}`,
  },
];

/** A lock id per schema, so nodes starting at once on one schema migrate one at a time. */
const lockName = (schema: string) => `parley-migrations:${schema}`;

/**
 * Brings `schema` up to date: the versioned migrations not yet applied, then a table for each
 * collection and an index for each indexed field that is missing. Holds a session advisory lock
 * around the whole run, so when several nodes start at once one migrates and the others wait, then
 * find nothing left to do.
 */
export async function migrate(pool: pg.Pool, schema: string): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockName(schema)]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS "${schema}".parley_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await client.query<{ version: number }>(
        `SELECT version FROM "${schema}".parley_migrations`,
      );
      const versions = new Set(done.rows.map((row) => row.version));
      for (const migration of migrations) {
        if (versions.has(migration.version)) continue;
        await inTransaction(client, schema, async () => {
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO "${schema}".parley_migrations (version, description) VALUES ($1, $2)`,
            [migration.version, migration.description],
          );
        });
        applied.push(migration.version);
      }
      await ensureCollections(client, schema);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName(schema)]);
    }
  } finally {
    client.release();
  }
  return applied;
}

async function inTransaction(
  client: pg.PoolClient,
  schema: string,
  work: () => Promise<void>,
): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await work();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * One table per collection (`position` keeps creation order: a replaced record keeps its row, so
 * its place), an expression index per indexed field and one per ordered field (after the fields it is
 * ordered within: `listBelow` reads a range of it), made only where missing.
 */
async function ensureCollections(client: pg.PoolClient, schema: string): Promise<void> {
  const tables = await client.query<{ name: string }>(
    'SELECT tablename AS name FROM pg_tables WHERE schemaname = $1',
    [schema],
  );
  const indexes = await client.query<{ name: string }>(
    'SELECT indexname AS name FROM pg_indexes WHERE schemaname = $1',
    [schema],
  );
  const existing = new Set([...tables.rows, ...indexes.rows].map((row) => row.name));
  const statements: string[] = [];
  for (const collection of collectionNames) {
    if (!existing.has(collection))
      statements.push(
        `CREATE TABLE IF NOT EXISTS "${collection}" (id text PRIMARY KEY, position bigint GENERATED ALWAYS AS IDENTITY UNIQUE, data jsonb NOT NULL)`,
      );
    for (const field of indexedFields[collection] as readonly string[]) {
      const name = `${collection}_${field}`;
      if (!existing.has(name))
        statements.push(
          `CREATE INDEX IF NOT EXISTS "${name}" ON "${collection}" ((data->>'${field}'), position)`,
        );
    }
  }
  for (const [collection, fields] of Object.entries(orderedFields)) {
    for (const [field, within] of Object.entries(fields as Record<string, readonly string[]>)) {
      const name = `${collection}_${[...within, field].join('_')}`;
      const columns = [...within.map((column) => `(data->>'${column}')`), `(data->>'${field}') COLLATE "C"`];
      if (!existing.has(name))
        statements.push(
          `CREATE INDEX IF NOT EXISTS "${name}" ON "${collection}" (${[...columns, 'position'].join(', ')})`,
        );
    }
  }
  if (statements.length === 0) return;
  await inTransaction(client, schema, async () => {
    for (const statement of statements) await client.query(statement);
  });
}
