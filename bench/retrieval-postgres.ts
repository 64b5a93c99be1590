/**
 * Retrieval latency, embedded (the in-memory lexical index) against PostgreSQL (the `passages`
 * table: GIN-indexed tsvector, BM25+ in SQL), on 10,000 and 100,000 passages of ~600 characters of
 * support text (10 datastores, 10 passages per document), with 300 questions of 3–8 words (100 on 100,000) after 20
 * to warm up, searching 1 and 5 of the 10 datastores; both indexes get the same passages and the
 * same questions. PostgreSQL runs in a schema of its own, dropped at the end.
 * `tsx bench/retrieval-postgres.ts` (BENCH_RETRIEVAL_SIZES=10000,100000; PARLEY_TEST_DATABASE_URL).
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { RetrievalIndex } from '@parley/engine';
import { InMemoryRetrievalIndex, LexicalIndex, passageAnalysis } from '@parley/knowledge';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, querySchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import {
  seededRandom,
  supportChunks,
  supportQuestion,
} from '../packages/knowledge/test/fixtures/synthetic-support.js';
import { percentile } from './stats.js';

const sizes = (process.env.BENCH_RETRIEVAL_SIZES ?? '10000,100000').split(',').map(Number);
const datastoreIds = Array.from({ length: 10 }, (_, index) => `ds_bench_${index}`);
/** Questions timed per size: fewer on 100,000 passages, where a PostgreSQL search takes up to seconds on a loaded machine. */
const queryCountFor = (size: number) => (size >= 100_000 ? 100 : 300);
const warmUpQueries = 20;
const limit = 8;

async function latencies(
  index: RetrievalIndex,
  searched: string[],
  queryCount: number,
): Promise<{ p50: number; p95: number }> {
  const random = seededRandom(42);
  const samples: number[] = [];
  for (let query = 0; query < warmUpQueries + queryCount; query += 1) {
    const question = supportQuestion(random);
    const started = performance.now();
    await index.search(question, { datastoreIds: searched, limit });
    if (query >= warmUpQueries) samples.push(performance.now() - started);
  }
  samples.sort((left, right) => left - right);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const size of sizes) {
    const chunks = supportChunks({
      count: size,
      datastoreIds,
      chunksPerDocument: 10,
      minimumLength: 600,
      seed: 1,
    });
    const memory = new InMemoryRetrievalIndex(LexicalIndex.rebuild(chunks));
    const schema = newTestSchema();
    const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema, poolSize: 2 });
    try {
      const postgres = await store.retrievalIndex({ analysis: passageAnalysis });
      const loadStarted = performance.now();
      for (let start = 0; start < chunks.length; start += 1_000)
        await postgres.add(chunks.slice(start, start + 1_000));
      const loadSeconds = (performance.now() - loadStarted) / 1_000;
      process.stderr.write(`${size} passages loaded into PostgreSQL in ${loadSeconds.toFixed(0)} s\n`);
      // As autovacuum leaves a settled table: statistics, and a visibility map for index-only counts.
      await querySchema(schema, 'VACUUM ANALYZE passages');
      for (const searched of [1, 5]) {
        const ids = datastoreIds.slice(0, searched);
        const embedded = await latencies(memory, ids, queryCountFor(size));
        const database = await latencies(postgres, ids, queryCountFor(size));
        process.stderr.write(`${size} passages, ${searched} datastores: done\n`);
        rows.push(
          `| ${size.toLocaleString('en')} | ${searched} of 10 | ${queryCountFor(size)} | ${embedded.p50.toFixed(2)} | ${embedded.p95.toFixed(2)} | ${database.p50.toFixed(2)} | ${database.p95.toFixed(2)} | ${loadSeconds.toFixed(0)} s |`,
        );
      }
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  }
  const load = loadavg().map((value) => value.toFixed(2));
  process.stdout.write(
    [
      `Retrieval latency (limit ${limit}); load average at the end ${load.join(', ')}:`,
      '',
      '| passages | datastores searched | questions | embedded p50 ms | embedded p95 ms | PostgreSQL p50 ms | PostgreSQL p95 ms | PostgreSQL load |',
      '|---:|---|---:|---:|---:|---:|---:|---:|',
      ...rows,
      '',
    ].join('\n'),
  );
}

await main();
