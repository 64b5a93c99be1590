import type { ChannelAnswer } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { actionIds, answerMessage, decodeButtonValue, encodeButtonValue, messageForPost } from './blocks.js';

const answer = (overrides: Partial<ChannelAnswer> = {}): ChannelAnswer => ({
  text: 'Laptops can be returned within **45 days**.',
  citations: [{ id: 1, document_name: 'acme-return-policy.pdf', page_number: 3, excerpt: 'Laptops…' }],
  sessionId: 'sess_abc',
  messageId: 'msg_def',
  escalated: false,
  ...overrides,
});

describe('answerMessage', () => {
  it('is the answer in mrkdwn, its sources as a context block, and three buttons carrying the session and message', () => {
    const message = answerMessage(answer());
    expect(message.text).toBe('Laptops can be returned within *45 days*.');
    expect(message.blocks).toEqual([
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Laptops can be returned within *45 days*.', verbatim: true },
      },
      {
        type: 'context',
        block_id: 'parley_sources',
        elements: [{ type: 'mrkdwn', text: '[1] acme-return-policy.pdf, p. 3', verbatim: true }],
      },
      {
        type: 'actions',
        block_id: 'parley_actions',
        elements: [
          expect.objectContaining({
            action_id: actionIds.feedbackUp,
            text: { type: 'plain_text', text: '👍', emoji: true },
          }),
          expect.objectContaining({ action_id: actionIds.feedbackDown }),
          expect.objectContaining({
            action_id: actionIds.escalate,
            text: { type: 'plain_text', text: 'Talk to a person', emoji: true },
          }),
        ],
      },
    ]);
    const actions = message.blocks[2];
    const values =
      actions?.type === 'actions'
        ? actions.elements.map((element) => ('value' in element ? element.value : ''))
        : [];
    for (const value of values)
      expect(decodeButtonValue(value)).toEqual({ session_id: 'sess_abc', message_id: 'msg_def' });
  });

  it('offers no rating without a stored message and no "talk to a person" once escalated', () => {
    const escalated = answerMessage(answer({ escalated: true, citations: [] }));
    expect(escalated.blocks.map((block) => block.block_id ?? block.type)).toEqual([
      'section',
      'parley_actions',
    ]);
    const unrated = answerMessage(answer({ messageId: null, citations: [] }));
    const actions = unrated.blocks.at(-1);
    expect(actions?.type === 'actions' && actions.elements.map((element) => element.action_id)).toEqual([
      actionIds.escalate,
    ]);
  });

  it('escapes document names and keeps a long answer within Slack’s limits', () => {
    const many = Array.from({ length: 14 }, (_, index) => ({
      id: index + 1,
      document_name: index === 0 ? '<!channel>.pdf' : `doc-${index}.pdf`,
      page_number: index + 1,
      excerpt: '',
    }));
    const message = answerMessage(answer({ text: 'word '.repeat(10_000), citations: many }));
    const sections = message.blocks.filter((block) => block.type === 'section');
    expect(sections).toHaveLength(12);
    expect(sections.at(-1)?.type === 'section' && sections.at(-1)?.text?.text).toBe('…');
    for (const section of sections)
      expect(section.type === 'section' && section.text?.text.length).toBeLessThanOrEqual(3_000);
    const sources = message.blocks.find((block) => block.block_id === 'parley_sources');
    const elements = sources?.type === 'context' ? sources.elements : [];
    expect(elements).toHaveLength(10);
    expect(JSON.stringify(elements)).toContain('&lt;!channel&gt;.pdf');
    expect(message.text.length).toBeLessThanOrEqual(3_000);
  });
});

describe('messageForPost', () => {
  it('shows who from the team wrote', () => {
    const message = messageForPost({
      kind: 'human_agent',
      text: 'Hi, this is *Dana*.',
      author: 'Dana <ops>',
    });
    expect(message.text).toBe('Dana &lt;ops&gt;: Hi, this is _Dana_.');
    expect(message.blocks[0]).toEqual({
      type: 'context',
      block_id: 'parley_author',
      elements: [{ type: 'mrkdwn', text: '*Dana &lt;ops&gt;* · from our team' }],
    });
  });
});

describe('button values', () => {
  it('round-trips and refuses what is not ours', () => {
    expect(decodeButtonValue(encodeButtonValue({ session_id: 's', message_id: null }))).toEqual({
      session_id: 's',
      message_id: null,
    });
    expect(decodeButtonValue('not json')).toBeNull();
    expect(decodeButtonValue('{"message_id":"m"}')).toBeNull();
    expect(decodeButtonValue(undefined)).toBeNull();
  });
});
