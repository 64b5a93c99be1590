/**
 * Runs the server tests on PostgreSQL when `DATABASE_URL` is set (e.g.
 * `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run test/handoff.test.ts`):
 * each server a test starts gets a schema of its own, made when it starts and dropped when it stops.
 * Without `DATABASE_URL` the tests run on the embedded store, as always.
 */
import { dropSchema, newTestSchema, schemaText } from '@parley/store-postgres/testing';

export interface TestDatabase {
  /** What the server's environment gains: the database and its own schema (nothing when embedded). */
  environment: Record<string, string>;
  /** Drops the schema (nothing when embedded). */
  drop(): Promise<void>;
  /** Every stored record as text, on PostgreSQL; null when embedded (read the data folder instead). */
  storedText(): Promise<string | null>;
}

export function testDatabase(databaseUrl = process.env.DATABASE_URL): TestDatabase {
  if (!databaseUrl) return { environment: {}, drop: async () => {}, storedText: async () => null };
  const schema = newTestSchema();
  return {
    environment: { DATABASE_URL: databaseUrl, PARLEY_DATABASE_SCHEMA: schema },
    drop: () => dropSchema(schema, databaseUrl),
    storedText: () => schemaText(schema, databaseUrl),
  };
}
