import { spawn } from 'node:child_process';
import path from 'node:path';
import { claimLease, expectRecord, put, WriteConflictError } from '@parley/engine';
import { sessionRecord } from '@parley/engine/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from './migrations.js';
import { PostgresStore } from './postgres-store.js';
import { dropSchema, newTestSchema, testDatabaseUrl } from './testing.js';

const opened: PostgresStore[] = [];
const schemas: string[] = [];

/** Two stores on one schema: two nodes, each with its own pool. */
async function twoNodes(): Promise<[PostgresStore, PostgresStore]> {
  const schema = newTestSchema();
  schemas.push(schema);
  const first = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
  const second = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
  opened.push(first, second);
  return [first, second];
}

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  for (const schema of schemas.splice(0)) await dropSchema(schema);
});

describe('PostgresStore with several nodes', () => {
  it('keeps one whole version when two nodes write the same record at once', async () => {
    const [first, second] = await twoNodes();
    const session = sessionRecord();
    await first.write([put('sessions', session)]);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? first : second).write([
          put('sessions', { ...session, message_count: index, metadata: { writer: `w${index}` } }),
        ]),
      ),
    );
    const stored = await second.get('sessions', session.id);
    // Whichever came last, the record is one writer's whole version, never a mix.
    expect(stored?.metadata).toEqual({ writer: `w${stored?.message_count}` });
    expect(await first.count('sessions')).toBe(1);
  });

  it('applies one node’s batches on a record in the order it gave them, however many at once', async () => {
    const [node] = await twoNodes();
    const session = sessionRecord();
    const writes = Array.from({ length: 30 }, (_, index) =>
      node.write([put('sessions', { ...session, message_count: index })]),
    );
    await Promise.all(writes);
    expect((await node.get('sessions', session.id))?.message_count).toBe(29);
  });

  it('lets one of two nodes win a conditional write, and one claimer among many take a lease', async () => {
    const [first, second] = await twoNodes();
    const session = sessionRecord();
    await first.write([put('sessions', session)]);
    const read = await second.get('sessions', session.id);
    const outcomes = await Promise.allSettled(
      [first, second].map((node, index) =>
        node.write([
          expectRecord('sessions', session.id, read),
          put('sessions', { ...session, message_count: index + 1 }),
        ]),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(WriteConflictError);

    const now = new Date('2026-01-01T00:00:00Z');
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        claimLease(
          index % 2 === 0 ? first : second,
          { name: 'dispatcher', holder: `node${index}`, durationMs: 30_000 },
          now,
        ),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Expired: another node takes it over, once.
    const later = new Date(now.getTime() + 30_001);
    const takeovers = await Promise.all(
      ['late1', 'late2', 'late3'].map((holder, index) =>
        claimLease(index === 1 ? second : first, { name: 'dispatcher', holder, durationMs: 30_000 }, later),
      ),
    );
    expect(takeovers.filter(Boolean)).toHaveLength(1);
  });

  it('makes the table and indexes of a collection added after the schema was first made', async () => {
    const [node] = await twoNodes();
    const schema = schemas.at(-1) as string;
    await node.close();
    opened.splice(opened.indexOf(node), 1);
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      // As a schema made before `console_sessions` existed, or before `operator_id` was indexed.
      await client.query(`DROP TABLE "${schema}".console_sessions`);
      await client.query(`DROP INDEX "${schema}".messages_app_id`);
    } finally {
      await client.end();
    }
    const reopened = await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
    opened.push(reopened);
    await reopened.write([put('sessions', sessionRecord({ id: 'sess_after', app_id: 'app_after' }))]);
    expect(await reopened.count('console_sessions', { operator_id: 'op_nobody' })).toBe(0);
    const check = new pg.Client({ connectionString: testDatabaseUrl });
    await check.connect();
    try {
      const indexes = await check.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema]);
      expect(indexes.rows.map((row) => row.indexname)).toEqual(
        expect.arrayContaining(['messages_app_id', 'console_sessions_hash', 'console_sessions_operator_id']),
      );
    } finally {
      await check.end();
    }
  });

  it('migrates once when several processes start on a new schema at once', async () => {
    const schema = newTestSchema();
    schemas.push(schema);
    const contender = path.join(import.meta.dirname, '../test/migrate-contender.ts');
    const startAt = Date.now() + 2_500;
    const outputs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [
              '--import',
              'tsx',
              contender,
              String(startAt),
              testDatabaseUrl,
              schema,
            ]);
            let output = '';
            child.stdout.on('data', (chunk: Buffer) => {
              output += chunk.toString();
            });
            child.on('error', reject);
            child.on('close', () => resolve(output.trim()));
          }),
      ),
    );
    expect(outputs).toEqual(['opened', 'opened', 'opened', 'opened']);
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      const applied = await client.query(
        `SELECT version FROM "${schema}".parley_migrations ORDER BY version`,
      );
      expect(applied.rows.map((row) => row.version)).toEqual(
        migrations.map((migration) => migration.version),
      );
      const sessions = await client.query(`SELECT count(*)::int AS count FROM "${schema}".sessions`);
      expect(sessions.rows[0].count).toBe(4);
    } finally {
      await client.end();
    }
  }, 60_000);
});
