import { describe, expect, it } from 'vitest';
import { messageRecord } from '../testing/records.js';
import type { MessageRecord } from '../types.js';
import { unansweredReason } from './analytics-unanswered.js';

function answer(changes: Partial<MessageRecord>): MessageRecord {
  return { ...messageRecord('sess_one', 'An answer.'), role: 'assistant', ...changes };
}

const citation = {
  id: 1,
  document_id: 'doc_one',
  document_name: 'returns.pdf',
  page_number: 2,
  excerpt: 'Returns within 30 days.',
  score: 0.9,
};

describe('unansweredReason', () => {
  it('names why an answer did not answer, the strongest reason first', () => {
    expect(unansweredReason(answer({ tools_used: ['search_knowledge'] }))).toBe('no_source');
    expect(unansweredReason(answer({ status: 'incomplete', error: 'upstream_error' }))).toBe('failed');
    expect(
      unansweredReason(answer({ feedback: { rating: 'down', comment: null, at: '2024-01-15T14:31:00Z' } })),
    ).toBe('rated_down');
    expect(unansweredReason(answer({ tools_used: ['search_knowledge', 'escalate_to_human'] }))).toBe(
      'escalated',
    );
  });

  it('takes an answer that cited its sources, one that needed none, and any question as answered', () => {
    expect(unansweredReason(answer({ tools_used: ['search_knowledge'], citations: [citation] }))).toBeNull();
    expect(unansweredReason(answer({}))).toBeNull();
    expect(unansweredReason(messageRecord('sess_one', 'A question?'))).toBeNull();
  });
});
