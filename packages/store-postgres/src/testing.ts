/**
 * `@parley/store-postgres/testing`: what tests on PostgreSQL share. Each test run works in a schema
 * of its own (`newTestSchema`), dropped at its end (`dropSchema`), so runs never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { checkSchemaName, collectionNames } from './sql.js';

/** This machine's test database (`PARLEY_TEST_DATABASE_URL` to point elsewhere). */
export const testDatabaseUrl =
  process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other run uses (it is made by the store that opens it). */
export function newTestSchema(): string {
  return `parley_test_${randomBytes(6).toString('hex')}`;
}

/** Drops `schema` and everything in it. */
export async function dropSchema(schema: string, connectionString = testDatabaseUrl): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${checkSchemaName(schema)}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Drops every schema whose name starts with `base` (the schemas of servers a test's child processes made). */
export async function dropSchemasStartingWith(
  base: string,
  connectionString = testDatabaseUrl,
): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const found = await client.query<{ name: string }>(
      'SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1)',
      [checkSchemaName(base)],
    );
    for (const { name } of found.rows)
      await client.query(`DROP SCHEMA IF EXISTS "${checkSchemaName(name)}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Every record stored in `schema`, as JSON text one a line (what a test checks holds no secret). */
export async function schemaText(schema: string, connectionString = testDatabaseUrl): Promise<string> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const tables = collectionNames.map(
      (collection) => `SELECT data::text AS line FROM "${checkSchemaName(schema)}"."${collection}"`,
    );
    const result = await client.query<{ line: string }>(tables.join(' UNION ALL '));
    return result.rows.map((row) => row.line).join('\n');
  } finally {
    await client.end();
  }
}

/** Runs one query with `schema` as the search path (tests read and change stored rows with it). */
export async function querySchema<Row extends pg.QueryResultRow>(
  schema: string,
  text: string,
  values: unknown[] = [],
  connectionString = testDatabaseUrl,
): Promise<Row[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${checkSchemaName(schema)}"`);
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}
