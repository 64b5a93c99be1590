import type { ChannelAnswer } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { answerActivity, escapeCardMarkdown, escapeTeamsText, postActivity } from './outbound-activity.js';

const answer = (overrides: Partial<ChannelAnswer> = {}): ChannelAnswer => ({
  text: 'Laptops can be returned within 45 days [1], phones within 14 [2].',
  citations: [
    {
      id: 1,
      document_name: 'acme-return-policy.pdf',
      page_number: 3,
      excerpt: `Laptops can be returned within 45 days of delivery. ${'More words. '.repeat(30)}`,
    },
    { id: 2, document_name: 'acme-return-policy.pdf', page_number: 3, excerpt: 'Phones within 14 days.' },
  ],
  sessionId: 'sess_abc',
  messageId: 'msg_def',
  escalated: false,
  ...overrides,
});

type Card = {
  body: { type: string; text: string }[];
  actions: { type: string; title: string; data: Record<string, string> }[];
};

describe('writing Teams messages', () => {
  it('escapes what Teams would read as markup', () => {
    expect(escapeTeamsText('<at>All</at> & <script>x</script>')).toBe(
      '&lt;at&gt;All&lt;/at&gt; &amp; &lt;script&gt;x&lt;/script&gt;',
    );
    expect(escapeTeamsText('plain **markdown** [1]')).toBe('plain **markdown** [1]');
  });

  it('gives an answer Teams’ AI label and one citation claim per [n], by position', () => {
    const activity = answerActivity(answer());
    expect(activity.type).toBe('message');
    expect(activity.textFormat).toBe('markdown');
    const [entity] = activity.entities ?? [];
    expect(entity).toMatchObject({
      type: 'https://schema.org/Message',
      '@type': 'Message',
      '@context': 'https://schema.org',
      '@id': '',
      additionalType: ['AIGeneratedContent'],
    });
    const citations = entity?.citation as { position: number; appearance: Record<string, string> }[];
    expect(citations.map((citation) => citation.position)).toEqual([1, 2]);
    expect(citations[0]?.appearance).toMatchObject({
      '@type': 'DigitalDocument',
      name: 'acme-return-policy.pdf, page 3',
    });
    expect(citations[0]?.appearance.abstract?.length).toBeLessThanOrEqual(160);
    expect(citations[0]?.appearance.abstract).toMatch(/^Laptops can be returned within 45 days.*…$/);
  });

  it('puts the sources and the three buttons in an Adaptive Card', () => {
    const [attachment] = answerActivity(answer()).attachments ?? [];
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment?.content as Card;
    expect(card.body.map((block) => block.text)).toEqual([
      'Sources',
      '[1] acme-return-policy.pdf, page 3',
      '[2] acme-return-policy.pdf, page 3',
    ]);
    expect(card.actions.map((action) => [action.type, action.title, action.data.parley_action])).toEqual([
      ['Action.Submit', '👍 Helpful', 'feedback_up'],
      ['Action.Submit', '👎 Not helpful', 'feedback_down'],
      ['Action.Submit', 'Talk to a person', 'escalate'],
    ]);
    for (const action of card.actions)
      expect(action.data).toMatchObject({ session_id: 'sess_abc', message_id: 'msg_def' });
  });

  it('writes a document name into the card so its Markdown shows as text, never as a link', () => {
    const tricky = answer({
      citations: [
        { id: 1, document_name: '[click](https://evil.example)', page_number: 2, excerpt: 'x' },
        {
          id: 2,
          document_name: '**bold** _it_ `code` # h\n> quote ![i](x) <u> a&b',
          page_number: 1,
          excerpt: 'x',
        },
      ],
    });
    const card = answerActivity(tricky).attachments?.[0]?.content as Card;
    expect(card.body.map((block) => block.text).slice(1)).toEqual([
      '[1] \\[click\\]\\(https://evil.example\\), page 2',
      '[2] \\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\# h \\> quote \\!\\[i\\]\\(x\\) \\<u\\> a\\&b, page 1',
    ]);
    expect(card.body.map((block) => block.text).join('\n')).not.toMatch(/[^\\]\]\(/);
  });

  it('escapes Markdown for a TextBlock, list and heading markers at the start too', () => {
    expect(escapeCardMarkdown('a\\b')).toBe('a\\\\b');
    expect(escapeCardMarkdown('- item')).toBe('\\- item');
    expect(escapeCardMarkdown('+ item')).toBe('\\+ item');
    expect(escapeCardMarkdown('1. item')).toBe('1\\. item');
    expect(escapeCardMarkdown('line one\n- two')).toBe('line one - two');
    expect(escapeCardMarkdown('acme-return-policy.pdf, page 3')).toBe('acme-return-policy.pdf, page 3');
  });

  it('leaves the buttons off when a person now answers or nothing was stored', () => {
    const escalated = answerActivity(answer({ citations: [], escalated: true }));
    expect(escalated.attachments).toBeUndefined();
    expect(escalated.entities).toBeUndefined();
    const unstored = answerActivity(answer({ messageId: null }));
    expect((unstored.attachments?.[0]?.content as Card | undefined)?.actions).toEqual([]);
  });

  it('shows who wrote a person’s answer, escaped like any text', () => {
    expect(postActivity({ kind: 'human_agent', text: 'Hi <b>there</b>', author: 'Dana' }).text).toBe(
      '**Dana**: Hi &lt;b&gt;there&lt;/b&gt;',
    );
    expect(postActivity({ kind: 'human_agent', text: 'Hi', author: null }).text).toBe('**Our team**: Hi');
    expect(postActivity({ kind: 'notice', text: 'Back to the agent.', author: null }).text).toBe(
      'Back to the agent.',
    );
  });
});
