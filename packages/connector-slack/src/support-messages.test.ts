import type { SupportThreadOpening } from '@parley/engine';
import { describe, expect, it } from 'vitest';
import { handBackActionId, supportOpeningMessage, visitorMessage } from './support-messages.js';

function opening(overrides: Partial<SupportThreadOpening> = {}): SupportThreadOpening {
  return {
    session_id: 'sess_1',
    app: { id: 'app_1', name: 'Shop', slack_support_channel: 'C0DESK' },
    reason: 'user_requested',
    escalated_at: '2026-01-15T14:30:00Z',
    channel: 'widget',
    visitor: { name: 'Vera', user_id: 'u1' },
    metadata: { userProfile: { name: 'Vera' }, plan: 'pro' },
    recent_messages: [
      { role: 'user', content: 'Where is my order?', author: null },
      { role: 'assistant', content: 'It ships today.', author: null },
    ],
    message_ids: ['msg_1', 'msg_2'],
    console_url: 'https://parley.example.org/console/inbox?app=app_1&session=sess_1',
    ...overrides,
  };
}

describe('support thread messages', () => {
  it('shows who, where, the last messages, the console link and Hand back', () => {
    const message = supportOpeningMessage(opening());
    const shown = JSON.stringify(message.blocks);
    for (const part of [
      '*Vera* needs a person',
      'the website widget',
      'plan: pro',
      'Where is my order?',
      'It ships today.',
    ])
      expect(shown).toContain(part);
    const actions = message.blocks.find((block) => block.type === 'actions') as {
      elements: { action_id: string; url?: string; value?: string }[];
    };
    expect(actions.elements.map((element) => element.action_id)).toContain(handBackActionId);
    expect(actions.elements.find((element) => element.url)?.url).toBe(opening().console_url);
  });

  it('never lets a visitor mention the channel (names, metadata and messages are escaped)', () => {
    const message = supportOpeningMessage(
      opening({
        visitor: { name: '<!channel>', user_id: null },
        metadata: { note: '<!here> <@U123>' },
        recent_messages: [{ role: 'user', content: 'hi <!everyone>', author: null }],
      }),
    );
    const visitor = visitorMessage('<!channel> come <https://evil.example|here>');
    for (const text of [JSON.stringify(message), JSON.stringify(visitor)]) {
      expect(text).not.toMatch(/<!|<@/);
    }
  });

  it('keeps the last messages within a section when they are long', () => {
    const long = 'x'.repeat(2_000);
    const message = supportOpeningMessage(
      opening({
        recent_messages: Array.from({ length: 10 }, () => ({
          role: 'user' as const,
          content: long,
          author: null,
        })),
      }),
    );
    for (const block of message.blocks) {
      const text = (block as { text?: { text: string } }).text?.text ?? '';
      expect(text.length).toBeLessThanOrEqual(3_000);
    }
  });
});
