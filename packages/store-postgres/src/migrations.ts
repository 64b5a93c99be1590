import { indexedFields } from '@parley/engine';
import type pg from 'pg';
import { collectionNames } from './sql.js';
import { writeFunction } from './write-function.js';

/** One step of the schema, applied once, in order, each in its own transaction. */
interface Migration {
  version: number;
  description: string;
  sql: string;
}

function collectionTables(): string {
  return collectionNames
    .map((collection) => {
      const indexes = (indexedFields[collection] as readonly string[]).map(
        (field) =>
          `CREATE INDEX IF NOT EXISTS "${collection}_${field}" ON "${collection}" ((data->>'${field}'), position);`,
      );
      return [
        // `position` keeps creation order: a replaced record keeps its row and so its place.
        `CREATE TABLE IF NOT EXISTS "${collection}" (id text PRIMARY KEY, position bigint GENERATED ALWAYS AS IDENTITY UNIQUE, data jsonb NOT NULL);`,
        ...indexes,
      ].join('\n');
    })
    .join('\n');
}

/** Append only: a released migration is never changed, a new one is added. */
export const migrations: Migration[] = [
  {
    version: 1,
    description: 'one table per collection, indexed fields, the batch write function',
    sql: `${collectionTables()}\n${writeFunction}`,
  },
];

/** A lock id per schema, so nodes starting at once on one schema migrate one at a time. */
const lockName = (schema: string) => `parley-migrations:${schema}`;

/**
 * Brings `schema` up to the latest migration. Holds a session advisory lock around the whole run, so
 * when several nodes start at once one migrates and the others wait, then find nothing left to do.
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
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO "${schema}"`);
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO "${schema}".parley_migrations (version, description) VALUES ($1, $2)`,
            [migration.version, migration.description],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
        applied.push(migration.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName(schema)]);
    }
  } finally {
    client.release();
  }
  return applied;
}
