import type { ChunkRecord } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { supportChunks } from '../../test/fixtures/synthetic-support.js';
import { LexicalIndex } from './lexical-index.js';

function chunk(id: string, text: string, overrides: Partial<ChunkRecord> = {}): ChunkRecord {
  return {
    id,
    datastore_id: 'ds_main',
    document_id: `doc_${id}`,
    document_name: 'notes.txt',
    page_number: 1,
    text,
    ...overrides,
  };
}

/** About 200 chunks of support text that never speak of returning a laptop. */
function distractors(datastoreId = 'ds_main'): ChunkRecord[] {
  return supportChunks({
    count: 200,
    datastoreIds: [datastoreId],
    chunksPerDocument: 10,
    minimumLength: 400,
    seed: 7,
    accept: (sentence) => !(/laptop/i.test(sentence) && /return/i.test(sentence)),
  });
}

const fact = chunk('chk_fact', 'Laptops can be returned within 45 days of delivery.', {
  document_id: 'doc_returns',
  document_name: 'return-policy.pdf',
  page_number: 3,
});
const question = 'How long do I have to return a laptop?';
const everywhere = { datastoreIds: ['ds_main', 'ds_other'], limit: 10 };

describe('LexicalIndex search', () => {
  it('ranks the one chunk that answers a natural question first, among 200 distractors', () => {
    const index = LexicalIndex.rebuild([...distractors(), fact]);
    const hits = index.search(question, { datastoreIds: ['ds_main'], limit: 5 });
    expect(hits[0]?.chunk).toEqual(fact);
    expect(hits[0]?.score).toBeGreaterThanOrEqual(0.8);
    expect(hits).toHaveLength(5);
  });

  it('matches inflections: "return" finds "returned", "laptops" finds "laptop"', () => {
    const index = LexicalIndex.rebuild([
      chunk('a', 'The laptop was returned yesterday.'),
      chunk('b', 'Printers ship fast.'),
    ]);
    expect(index.search('return', everywhere).map((hit) => hit.chunk.id)).toEqual(['a']);
    expect(index.search('laptops', everywhere).map((hit) => hit.chunk.id)).toEqual(['a']);
  });

  it('matches prefixes and one typo of longer terms only', () => {
    const index = LexicalIndex.rebuild([
      chunk('config', 'Open the configuration page.'),
      chunk('password', 'Your password expires yearly.'),
      chunk('cat', 'The cat sleeps.'),
    ]);
    expect(index.search('config', everywhere).map((hit) => hit.chunk.id)).toEqual(['config']);
    expect(index.search('pasword', everywhere).map((hit) => hit.chunk.id)).toEqual(['password']);
    expect(index.search('cap', everywhere)).toEqual([]);
  });

  it('returns scores in 0–1, best first, at most limit hits', () => {
    const index = LexicalIndex.rebuild([...distractors(), fact]);
    for (const query of [question, 'warranty serial number', 'refund days', 'reset router settings']) {
      const hits = index.search(query, { datastoreIds: ['ds_main'], limit: 8 });
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.length).toBeLessThanOrEqual(8);
      for (const [position, hit] of hits.entries()) {
        expect(hit.score).toBeGreaterThan(0);
        expect(hit.score).toBeLessThan(1);
        if (position > 0) expect(hit.score).toBeLessThanOrEqual(hits[position - 1]?.score ?? 1);
      }
    }
  });

  it('scores a weak match of a long question low', () => {
    const index = LexicalIndex.rebuild([...distractors(), fact]);
    const hits = index.search('days', { datastoreIds: ['ds_main'], limit: 1 });
    const weak = index.search('days quantum entanglement telescope lenses', {
      datastoreIds: ['ds_main'],
      limit: 1,
    });
    expect(weak[0]?.score).toBeLessThan(hits[0]?.score ?? 0);
    expect(weak[0]?.score).toBeLessThan(0.3);
  });

  it('returns no hits when nothing matches, or the query is only stop words or punctuation', () => {
    const index = LexicalIndex.rebuild([...distractors(), fact]);
    expect(index.search('xylophone quasar', everywhere)).toEqual([]);
    expect(index.search('what is the and of it? I do not', everywhere)).toEqual([]);
    expect(index.search('  ?! … ', everywhere)).toEqual([]);
    expect(index.search('', everywhere)).toEqual([]);
    expect(index.search(question, { datastoreIds: ['ds_main'], limit: 0 })).toEqual([]);
  });

  it('folds case and accents, on both sides', () => {
    const index = LexicalIndex.rebuild([
      chunk('cafe', 'Le Café Crème est servi à Zürich.'),
      chunk('strasse', 'Lieferung in die Hauptstrasse.'),
      chunk('plain', 'A naive resume of the facade.'),
    ]);
    expect(index.search('cafe creme zurich', everywhere).map((hit) => hit.chunk.id)).toEqual(['cafe']);
    expect(index.search('CAFÉ', everywhere).map((hit) => hit.chunk.id)).toEqual(['cafe']);
    expect(index.search('Hauptstraße', everywhere).map((hit) => hit.chunk.id)).toEqual(['strasse']);
    expect(index.search('naïve résumé façade', everywhere).map((hit) => hit.chunk.id)).toEqual(['plain']);
  });

  it('matches document names, below the same words in the text, and ignores their extension', () => {
    const index = LexicalIndex.rebuild([
      chunk('named', 'Claims need a serial number.', { document_name: 'warranty.pdf' }),
      chunk('texted', 'The warranty lasts two years.', { document_name: 'terms.pdf' }),
    ]);
    expect(index.search('warranty', everywhere).map((hit) => hit.chunk.id)).toEqual(['texted', 'named']);
    expect(index.search('pdf', everywhere)).toEqual([]);
  });
});

describe('LexicalIndex datastores and changes', () => {
  it('searches only the given datastores', () => {
    const index = LexicalIndex.rebuild([...distractors('ds_main'), { ...fact, datastore_id: 'ds_other' }]);
    const ids = (datastoreIds: string[]) =>
      index.search(question, { datastoreIds, limit: 300 }).map((hit) => hit.chunk.id);
    expect(ids(['ds_main'])).not.toContain(fact.id);
    expect(ids(['ds_other'])).toEqual([fact.id]);
    expect(ids(['ds_main', 'ds_other'])[0]).toBe(fact.id);
    expect(ids(['ds_unknown'])).toEqual([]);
    expect(ids([])).toEqual([]);
  });

  it('removes every chunk of a document at once, and can add it again', () => {
    const pages = [1, 2, 3].map((page) =>
      chunk(`chk_returns_${page}`, `Laptops can be returned within 45 days (page ${page}).`, {
        document_id: 'doc_returns',
        page_number: page,
      }),
    );
    const index = LexicalIndex.rebuild([...distractors(), ...pages]);
    expect(index.size).toBe(203);
    index.removeDocument('doc_returns');
    expect(index.size).toBe(200);
    const ids = index.search(question, { datastoreIds: ['ds_main'], limit: 300 }).map((hit) => hit.chunk.id);
    expect(ids.some((id) => id.startsWith('chk_returns'))).toBe(false);
    index.removeDocument('doc_returns');
    index.removeDocument('doc_unknown');
    expect(index.size).toBe(200);
    index.add(pages);
    expect(index.size).toBe(203);
    expect(index.search(question, everywhere)[0]?.chunk.document_id).toBe('doc_returns');
  });

  it('ignores chunks it already has', () => {
    const index = new LexicalIndex();
    index.add([fact, chunk('other', 'Printers ship in two days.')]);
    index.add([fact, { ...fact, text: 'A different text under the same id.' }]);
    expect(index.size).toBe(2);
    const hits = index.search('laptop returned', everywhere);
    expect(hits.map((hit) => hit.chunk.id)).toEqual([fact.id]);
    expect(hits[0]?.chunk.text).toBe(fact.text);
  });

  it('is not changed by changes to added chunks or returned hits', () => {
    const original = { ...fact };
    const index = LexicalIndex.rebuild([original]);
    original.text = 'changed';
    const [hit] = index.search('laptop', everywhere);
    if (hit) hit.chunk.text = 'changed too';
    expect(index.search('laptop', everywhere)[0]?.chunk).toEqual(fact);
    index.removeDocument(fact.document_id);
    expect(index.size).toBe(0);
  });

  it('rebuilding gives the same results as adding in batches', () => {
    const chunks = [...distractors(), fact];
    const rebuilt = LexicalIndex.rebuild(chunks);
    const incremental = new LexicalIndex();
    for (let start = 0; start < chunks.length; start += 17) incremental.add(chunks.slice(start, start + 17));
    incremental.add(chunks.slice(0, 50));
    expect(incremental.size).toBe(rebuilt.size);
    for (const query of [
      question,
      'warranty serial number',
      'Rotterdam warehouse',
      'cancel subscription renewal',
    ]) {
      const expected = rebuilt.search(query, { datastoreIds: ['ds_main'], limit: 20 });
      const actual = incremental.search(query, { datastoreIds: ['ds_main'], limit: 20 });
      expect(actual.map((hit) => hit.chunk.id)).toEqual(expected.map((hit) => hit.chunk.id));
      for (const [position, hit] of actual.entries())
        expect(hit.score).toBeCloseTo(expected[position]?.score ?? 0, 10);
    }
  });
});
