import type { Transcript } from '@parley/contract';
import { describe, expect, it } from 'vitest';
import { transcriptMarkdown } from './transcript-markdown.js';

const transcript: Transcript = {
  type: 'session',
  id: 'sess_one',
  app_id: 'app_one',
  app_name: 'Shop',
  agent_id: 'agt_one',
  agent_name: 'Helper',
  status: 'ended',
  escalated: true,
  channel: 'slack',
  user_id: 'U123',
  metadata: {},
  created_at: '2024-01-15T14:30:00Z',
  updated_at: '2024-01-15T14:35:00Z',
  messages: [
    {
      id: 'msg_one',
      role: 'user',
      content: 'Can I return\nshoes?',
      created_at: '2024-01-15T14:30:00Z',
      agent: null,
      author: null,
      status: 'complete',
      error: null,
      citations: [],
      tools_used: [],
      feedback: null,
      latency_ms: null,
    },
    {
      id: 'msg_two',
      role: 'assistant',
      content: 'Yes, within 30 days. [1]',
      created_at: '2024-01-15T14:30:02Z',
      agent: 'Helper',
      author: null,
      status: 'complete',
      error: null,
      citations: [
        {
          id: 1,
          document_id: 'doc_one',
          document_name: 'returns.md',
          page_number: 1,
          section: 'Shoes',
          excerpt: 'Shoes may be\nreturned within 30 days.',
          score: 0.8,
        },
      ],
      tools_used: ['search_knowledge'],
      feedback: { rating: 'up', comment: 'Clear', at: '2024-01-15T14:31:00Z' },
      latency_ms: 800,
    },
    {
      id: 'msg_three',
      role: 'human_agent',
      content: 'I have sent you the label.',
      created_at: '2024-01-15T14:34:00Z',
      agent: null,
      author: 'Sam',
      status: 'complete',
      error: null,
      citations: [],
      tools_used: [],
      feedback: null,
      latency_ms: null,
    },
  ],
};

describe('transcriptMarkdown', () => {
  it('writes the facts, then each message with who wrote it, its tools, sources and rating', () => {
    const markdown = transcriptMarkdown(transcript);
    expect(markdown).toContain('# Session sess_one\n');
    expect(markdown).toContain('- App: Shop (app_one)\n- Agent: Helper (agt_one)\n- Channel: slack\n');
    expect(markdown).toContain('- Status: ended, escalated\n');
    expect(markdown).toContain('### Visitor · 2024-01-15T14:30:00Z\n\nCan I return\nshoes?\n');
    expect(markdown).toContain('### Assistant (Helper) · 2024-01-15T14:30:02Z');
    expect(markdown).toContain('Tools: search_knowledge');
    expect(markdown).toContain('- [1] returns.md, page 1, Shoes: “Shoes may be returned within 30 days.”');
    expect(markdown).toContain('Rated 👍: Clear');
    expect(markdown).toContain('### Person (Sam) · 2024-01-15T14:34:00Z\n\nI have sent you the label.');
    expect(markdown.endsWith('\n')).toBe(true);
  });
});
