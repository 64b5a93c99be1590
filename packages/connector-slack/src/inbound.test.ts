import { describe, expect, it } from 'vitest';
import { type SlackEnvelope, type SlackMessageEvent, turnOf } from './inbound.js';

const envelope: SlackEnvelope = { team_id: 'T1', event_id: 'Ev1', authorizations: [{ user_id: 'UBOT' }] };
const dm = (fields: Partial<SlackMessageEvent> = {}): SlackMessageEvent => ({
  type: 'message',
  channel: 'D1',
  channel_type: 'im',
  user: 'U1',
  text: 'hello',
  ts: '100.000001',
  ...fields,
});

describe('turnOf', () => {
  it('answers a DM at the top level of the DM: one conversation per DM', () => {
    const turn = turnOf(dm(), envelope, 'UBOT');
    expect(turn.kind).toBe('answer');
    if (turn.kind === 'ignore') return;
    expect(turn.message).toMatchObject({
      channel: 'slack',
      conversationKey: 'T1:D1',
      deliveryId: 'T1:D1:100.000001',
      text: 'hello',
      userId: 'U1',
      address: { team_id: 'T1', channel: 'D1', thread_ts: null },
      metadata: {
        channel: 'slack',
        team_id: 'T1',
        channel_id: 'D1',
        channel_type: 'im',
        thread_ts: null,
        user_id: 'U1',
      },
    });
  });

  it('keeps a thread in a DM apart', () => {
    const turn = turnOf(dm({ ts: '101.1', thread_ts: '100.5' }), envelope, 'UBOT');
    expect(turn.kind === 'answer' && turn.message.conversationKey).toBe('T1:D1:100.5');
  });

  it('answers a mention in a thread under it, without the mention', () => {
    const turn = turnOf(
      { type: 'app_mention', channel: 'C1', user: 'U1', text: '<@UBOT> where is my order?', ts: '200.1' },
      envelope,
      null,
    );
    expect(turn.kind).toBe('answer');
    if (turn.kind === 'ignore') return;
    expect(turn.message.text).toBe('where is my order?');
    expect(turn.message.conversationKey).toBe('T1:C1:200.1');
    expect(turn.message.address).toEqual({ team_id: 'T1', channel: 'C1', thread_ts: '200.1' });
    expect(turn.message.metadata.channel_type).toBe('channel');
  });

  it('makes the mention and the message event of one message the same delivery', () => {
    const mention = turnOf(
      {
        type: 'app_mention',
        channel: 'C1',
        user: 'U1',
        text: '<@UBOT> more',
        ts: '201.1',
        thread_ts: '200.1',
      },
      envelope,
      'UBOT',
    );
    const message = turnOf(
      {
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U1',
        text: '<@UBOT> more',
        ts: '201.1',
        thread_ts: '200.1',
      },
      envelope,
      'UBOT',
    );
    expect(mention.kind).toBe('answer');
    expect(message.kind).toBe('thread_reply');
    if (mention.kind === 'ignore' || message.kind === 'ignore') return;
    expect(mention.message.deliveryId).toBe(message.message.deliveryId);
    expect(mention.message.conversationKey).toBe(message.message.conversationKey);
  });

  it('leaves a channel thread reply to the bridge: answered only where the bot is in the thread', () => {
    const turn = turnOf(
      {
        type: 'message',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U1',
        text: 'and?',
        ts: '300.2',
        thread_ts: '300.1',
      },
      envelope,
      'UBOT',
    );
    expect(turn.kind).toBe('thread_reply');
  });

  it('ignores bots, itself, edits, deletions, other subtypes and plain channel chatter', () => {
    const ignored: SlackMessageEvent[] = [
      dm({ subtype: 'bot_message', bot_id: 'B2', user: undefined }),
      dm({ bot_id: 'B2', user: 'U0BOT2' }),
      dm({ user: 'UBOT' }),
      dm({ subtype: 'message_changed', user: undefined }),
      dm({ subtype: 'message_deleted', user: undefined }),
      dm({ subtype: 'channel_join' }),
      dm({ subtype: 'file_share' }),
      { type: 'message', channel: 'C1', channel_type: 'channel', user: 'U1', text: 'lunch?', ts: '1.1' },
      { type: 'reaction_added', user: 'U1' },
    ];
    for (const event of ignored) expect(turnOf(event, envelope, 'UBOT').kind).toBe('ignore');
    // Its own user id is known from the envelope before auth.test has answered.
    expect(turnOf(dm({ user: 'UBOT' }), envelope, null).kind).toBe('ignore');
  });

  it('answers a thread broadcast like a reply', () => {
    const turn = turnOf(
      {
        type: 'message',
        subtype: 'thread_broadcast',
        channel: 'C1',
        channel_type: 'channel',
        user: 'U1',
        text: 'x',
        ts: '2.2',
        thread_ts: '2.1',
      },
      envelope,
      'UBOT',
    );
    expect(turn.kind).toBe('thread_reply');
  });
});
