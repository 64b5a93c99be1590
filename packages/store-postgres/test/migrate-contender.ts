/**
 * A separate process (a node starting) that opens the PostgreSQL store on a schema at an agreed
 * moment, so several start at once, writes one record and prints `opened`, or `failed <why>`.
 * Usage: tsx migrate-contender.ts <start at, ms since epoch> <connection string> <schema>
 */
import { put } from '@parley/engine';
import { sessionRecord } from '@parley/engine/testing';
import { PostgresStore } from '../src/postgres-store.js';

const [startAt, connectionString, schema] = process.argv.slice(2);
if (!startAt || !connectionString || !schema)
  throw new Error('usage: migrate-contender <start at> <url> <schema>');
while (Date.now() < Number(startAt)) {
  // Spin, so every node starts within the same millisecond or so.
}
try {
  const store = await PostgresStore.open({ connectionString, schema });
  await store.write([
    put('sessions', sessionRecord({ id: `sess_node_${process.pid}`, app_id: 'app_nodes' })),
  ]);
  await store.close();
  process.stdout.write('opened\n');
} catch (error) {
  process.stdout.write(`failed ${(error as Error).message}\n`);
}
