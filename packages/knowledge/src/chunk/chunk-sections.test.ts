import type { ChunkRecord } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../index/lexical-index.js';
import { chunkPages, chunkPagesInSlices } from './chunk-pages.js';

const page = '# Help\n\nIntro text.\n\n## Express\n\nNext day delivery.\n\n## Standard\n\nFive days.';
const headings = [
  { page_number: 1, at: 0, text: 'Help' },
  { page_number: 1, at: page.indexOf('## Express'), text: 'Express' },
  { page_number: 1, at: page.indexOf('## Standard'), text: 'Standard' },
];

describe('passages and the sections they sit under', () => {
  it('starts a passage at each heading and names its section', async () => {
    const expected = [
      { page_number: 1, text: '# Help\n\nIntro text.', section: 'Help' },
      { page_number: 1, text: '## Express\n\nNext day delivery.', section: 'Express' },
      { page_number: 1, text: '## Standard\n\nFive days.', section: 'Standard' },
    ];
    expect(chunkPages([page], {}, headings)).toEqual(expected);
    expect(await chunkPagesInSlices([page], {}, headings)).toEqual(expected);
  });

  it('gives text before the first heading no section, and keeps headings to their own page', () => {
    const passages = chunkPages(['Preface.\n\n## Later\n\nBody.', 'Page two.'], {}, [
      { page_number: 1, at: 10, text: 'Later' },
    ]);
    expect(passages).toEqual([
      { page_number: 1, text: 'Preface.' },
      { page_number: 1, text: '## Later\n\nBody.', section: 'Later' },
      { page_number: 2, text: 'Page two.' },
    ]);
  });

  it('cuts a long section into passages that all carry its heading', () => {
    const long = `## Terms\n\n${'Every sentence here is about the terms. '.repeat(40)}`;
    const passages = chunkPages([long], { targetCharacters: 200 }, [
      { page_number: 1, at: 0, text: 'Terms' },
    ]);
    expect(passages.length).toBeGreaterThan(3);
    expect(passages.every((passage) => passage.section === 'Terms')).toBe(true);
  });

  it('finds passages stored before sections were kept, without a section', () => {
    const stored: ChunkRecord = {
      id: 'doc_1:a',
      datastore_id: 'ds_1',
      document_id: 'doc_1',
      document_name: 'old.md',
      page_number: 1,
      text: 'Express delivery takes one day.',
    };
    const [hit] = LexicalIndex.rebuild([stored]).search('express delivery', {
      datastoreIds: ['ds_1'],
      limit: 3,
    });
    expect(hit?.chunk).toEqual(stored);
  });
});
