import type { ChunkRecord } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { HybridIndex } from './hybrid-index.js';

const modelName = 'test:embeddings';

/** Vectors over three "meanings": [refund, laptop, shipping]. */
function chunk(id: string, text: string, embedding: number[] | null, datastoreId = 'ds_main'): ChunkRecord {
  return {
    id,
    datastore_id: datastoreId,
    document_id: `doc_${id}`,
    document_name: `${id}.txt`,
    page_number: 1,
    text,
    ...(embedding ? { embedding, embedding_model: modelName } : {}),
  };
}

const laptopRefunds = chunk('laptops', 'Laptops can be refunded within 45 days.', [1, 1, 0]);
const shipping = chunk('shipping', 'Orders ship within two business days.', [0, 0, 1]);
const moneyBack = chunk('money', 'We give your money back on any order.', [1, 0, 0.2]);
const otherStore = chunk('other', 'Laptops are refunded in store credit.', [1, 1, 0], 'ds_other');
const everything = [laptopRefunds, shipping, moneyBack, otherStore];
const options = { datastoreIds: ['ds_main'], limit: 5 };

describe('HybridIndex', () => {
  it('finds a passage by meaning alone, with fused scores in 0–1, best first', () => {
    const index = HybridIndex.rebuild(everything, { modelName });
    const hits = index.searchWithVector('notebook computer reimbursement', [1, 1, 0], options);
    expect(hits.map((hit) => hit.chunk.id)).toEqual(['laptops', 'money']);
    for (const hit of hits) {
      expect(hit.score).toBeGreaterThan(0);
      expect(hit.score).toBeLessThanOrEqual(1);
    }
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? 1);
    expect(hits[0]?.chunk).not.toHaveProperty('embedding');
  });

  it('ranks a passage matching both words and meaning above one matching meaning alone', () => {
    const index = HybridIndex.rebuild(everything, { modelName });
    const hits = index.searchWithVector('laptops refunded', [1, 0, 0], options);
    expect(hits.map((hit) => hit.chunk.id)).toEqual(['laptops', 'money']);
    const lexical = index.search('laptops refunded', options)[0]?.score ?? 0;
    expect(hits[0]?.score).toBeCloseTo(0.5 * lexical + 0.5 * Math.SQRT1_2, 5);
    expect(hits[1]?.score).toBeCloseTo(0.5 * (1 / Math.sqrt(1.04)), 5);
  });

  it('keeps to the datastores searched and the limit', () => {
    const index = HybridIndex.rebuild(everything, { modelName });
    const other = index.searchWithVector('anything', [1, 1, 0], { datastoreIds: ['ds_other'], limit: 5 });
    expect(other.map((hit) => hit.chunk.id)).toEqual(['other']);
    expect(index.searchWithVector('anything', [1, 1, 0], { ...options, limit: 1 })).toHaveLength(1);
    expect(index.searchWithVector('anything', [1, 1, 0], { datastoreIds: ['ds_none'], limit: 5 })).toEqual(
      [],
    );
  });

  it('leaves out passages below the minimum similarity that share no word', () => {
    const index = HybridIndex.rebuild(everything, { modelName });
    const hits = index.searchWithVector('zebra', [0, 0, 1], options);
    expect(hits.map((hit) => hit.chunk.id)).toEqual(['shipping']);
  });

  it('forgets a removed document, its vectors included', () => {
    const index = HybridIndex.rebuild(everything, { modelName });
    index.removeDocument('doc_laptops');
    expect(index.size).toBe(3);
    const hits = index.searchWithVector('notebook computer', [1, 1, 0], options);
    expect(hits.map((hit) => hit.chunk.id)).toEqual(['money']);
    index.add([laptopRefunds]);
    expect(index.searchWithVector('notebook computer', [1, 1, 0], options)[0]?.chunk.id).toBe('laptops');
  });

  it('scores passages without a usable vector lexically, and ignores vectors of another model', () => {
    const lexicalOnly = chunk('plain', 'Laptops can be refunded at the till.', null);
    const foreign = { ...chunk('foreign', 'Shipping is free.', [1, 1, 0]), embedding_model: 'other:model' };
    const index = HybridIndex.rebuild([lexicalOnly, foreign], { modelName });
    const hits = index.searchWithVector('laptops refunded', [1, 1, 0], options);
    expect(hits.map((hit) => hit.chunk.id)).toEqual(['plain']);
    expect(hits[0]?.score).toBeCloseTo(index.search('laptops refunded', options)[0]?.score ?? 0, 10);
  });

  it('searches lexically without a vector, or with a zero vector', () => {
    const index = HybridIndex.rebuild(everything, { modelName });
    expect(index.search('notebook computer', options)).toEqual([]);
    expect(index.searchWithVector('shipping', [0, 0, 0], options).map((hit) => hit.chunk.id)).toEqual([
      'shipping',
    ]);
  });
});
