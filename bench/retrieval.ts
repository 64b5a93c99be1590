/**
 * The lexical retrieval index on 10,000 chunks of ~600 characters (support text generated from a
 * vocabulary, 10 datastores of 100 documents): build time (documents added one by one, as uploads
 * arrive), rebuild time (all chunks at once, as on start), and search latency over 1,000 questions
 * of 3–8 words, searching 1 and 5 datastores. Standalone: `tsx bench/retrieval.ts`
 * (BENCH_RETRIEVAL_CHUNKS to change the size).
 */
import { performance } from 'node:perf_hooks';
import type { ChunkRecord } from '@parley/engine';
import { LexicalIndex } from '@parley/knowledge';
import {
  seededRandom,
  supportChunks,
  supportQuestion,
} from '../packages/knowledge/test/fixtures/synthetic-support.js';
import { percentile, rounded, summarize } from './stats.js';

const chunkCount = Number(process.env.BENCH_RETRIEVAL_CHUNKS ?? 10_000);
const chunksPerDocument = 10;
const datastoreIds = Array.from({ length: 10 }, (_, index) => `ds_bench_${index}`);
const queryCount = 1_000;
const warmUpQueries = 100;
const limit = 8;
const targetP95Milliseconds = 10;

function timed<T>(work: () => T): { value: T; milliseconds: number } {
  const started = performance.now();
  const value = work();
  return { value, milliseconds: performance.now() - started };
}

function buildByDocument(chunks: ChunkRecord[]): LexicalIndex {
  const index = new LexicalIndex();
  for (let start = 0; start < chunks.length; start += chunksPerDocument) {
    index.add(chunks.slice(start, start + chunksPerDocument));
  }
  return index;
}

function searchLatencies(
  index: LexicalIndex,
  searched: string[],
): { samples: number[]; emptyResults: number } {
  const random = seededRandom(42);
  const samples: number[] = [];
  let emptyResults = 0;
  for (let query = 0; query < warmUpQueries + queryCount; query += 1) {
    const question = supportQuestion(random);
    const { value: hits, milliseconds } = timed(() =>
      index.search(question, { datastoreIds: searched, limit }),
    );
    if (query < warmUpQueries) continue;
    samples.push(milliseconds);
    if (hits.length === 0) emptyResults += 1;
  }
  return { samples, emptyResults };
}

function main(): void {
  const chunks = supportChunks({
    count: chunkCount,
    datastoreIds,
    chunksPerDocument,
    minimumLength: 600,
    seed: 1,
  });
  const averageLength = Math.round(chunks.reduce((sum, chunk) => sum + chunk.text.length, 0) / chunks.length);
  const heapBefore = process.memoryUsage().heapUsed;
  const build = timed(() => buildByDocument(chunks).size);
  const heapMegabytes = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
  const rebuild = timed(() => LexicalIndex.rebuild(chunks));
  if (rebuild.value.size !== build.value) throw new Error('rebuild and build indexed different chunk counts');
  const rows: string[] = [];
  for (const searchedCount of [1, 5]) {
    const { samples, emptyResults } = searchLatencies(rebuild.value, datastoreIds.slice(0, searchedCount));
    const summary = rounded(summarize(samples), 2);
    const p95 = Number(
      percentile(
        [...samples].sort((left, right) => left - right),
        95,
      ).toFixed(2),
    );
    rows.push(
      `| ${searchedCount} of ${datastoreIds.length} | ${summary.count} | ${summary.p50} | ${p95} | ${summary.p99} | ${summary.max} | ${emptyResults} | ≤ ${targetP95Milliseconds} ms: ${p95 <= targetP95Milliseconds ? 'pass' : 'FAIL'} |`,
    );
  }
  process.stdout.write(
    [
      `Lexical index on ${rebuild.value.size} chunks (~${averageLength} characters, ${chunks.length / chunksPerDocument} documents, ${datastoreIds.length} datastores):`,
      `build (one document at a time): ${build.milliseconds.toFixed(0)} ms; rebuild (all at once): ${rebuild.milliseconds.toFixed(0)} ms; heap ≈ ${heapMegabytes.toFixed(0)} MB`,
      '',
      `| datastores searched | queries | p50 ms | p95 ms | p99 ms | max ms | no hits | p95 target |`,
      `|---|---:|---:|---:|---:|---:|---:|---|`,
      ...rows,
      '',
    ].join('\n'),
  );
}

main();
