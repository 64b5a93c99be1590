import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { readActivity, threadConversationId } from './inbound-activity.js';

const bot = { id: '28:bot-id', name: 'Parley' };

function activity(overrides: Partial<Activity> = {}): Activity {
  return {
    type: 'message',
    id: '1712345678901',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    from: { id: '29:user-id', name: 'Dana Scully', aadObjectId: 'aad-dana' },
    recipient: bot,
    conversation: {
      id: 'a:personal-chat',
      conversationType: 'personal',
      tenantId: 'tenant-1',
      isGroup: false,
    },
    text: 'Do you ship abroad?',
    channelData: { tenant: { id: 'tenant-1' } },
    ...overrides,
  } as Activity;
}

const mention = (text = '<at>Parley</at>') => ({ type: 'mention', text, mentioned: bot });

describe('reading a Teams activity', () => {
  it('makes a personal chat message a turn keyed by its conversation, with the Teams facts', () => {
    const inbound = readActivity(activity());
    expect(inbound.kind).toBe('message');
    if (inbound.kind !== 'message') return;
    expect(inbound.message).toMatchObject({
      channel: 'msteams',
      conversationKey: 'msteams:a:personal-chat',
      deliveryId: '1712345678901',
      text: 'Do you ship abroad?',
      userId: 'aad-dana',
      metadata: {
        channel: 'msteams',
        tenant_id: 'tenant-1',
        conversation_id: 'a:personal-chat',
        conversation_type: 'personal',
        user_id: 'aad-dana',
        userProfile: { name: 'Dana Scully' },
      },
    });
    // The conversation reference, for proactive replies.
    expect(inbound.message.address).toMatchObject({
      activityId: '1712345678901',
      bot,
      user: { id: '29:user-id', aadObjectId: 'aad-dana' },
      conversation: { id: 'a:personal-chat' },
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
    });
  });

  it('takes the bot’s mention out and keeps other mentions as names', () => {
    const inbound = readActivity(
      activity({
        conversation: { id: '19:chat@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' },
        text: '<at>Parley</at>&nbsp;what did <at>Fox Mulder</at> order?',
        entities: [mention(), { type: 'mention', text: '<at>Fox Mulder</at>', mentioned: { id: '29:fox' } }],
      }),
    );
    expect(inbound.kind === 'message' && inbound.message.text).toBe('what did Fox Mulder order?');
  });

  it('answers in a group chat or a channel only when mentioned', () => {
    const group = { id: '19:chat@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' };
    expect(readActivity(activity({ conversation: group })).kind).toBe('ignore');
    expect(readActivity(activity({ conversation: group, entities: [mention()] })).kind).toBe('message');
  });

  it('keys a channel message by its reply chain, starting one for a new post', () => {
    const channel = '19:general@thread.tacv2';
    const inChain = activity({
      conversation: { id: `${channel};messageid=1700`, conversationType: 'channel', isGroup: true, name: '' },
      entities: [mention()],
      channelData: { tenant: { id: 't' }, team: { id: '19:team@thread.tacv2' }, channel: { id: channel } },
    });
    const read = readActivity(inChain);
    expect(read.kind === 'message' && read.message.conversationKey).toBe(`msteams:${channel};messageid=1700`);
    expect(read.kind === 'message' && read.message.metadata).toMatchObject({
      team_id: '19:team@thread.tacv2',
      channel_id: channel,
    });

    const newPost = activity({
      id: '1800',
      conversation: { id: channel, conversationType: 'channel', isGroup: true, name: '' },
    });
    expect(threadConversationId(newPost)).toBe(`${channel};messageid=1800`);
    expect(threadConversationId(activity({ ...newPost, replyToId: '1700' }))).toBe(
      `${channel};messageid=1700`,
    );
  });

  it('reads a Parley card button, in any conversation, without a mention', () => {
    const group = { id: '19:chat@thread.v2', conversationType: 'groupChat', isGroup: true, name: '' };
    const value = { parley_action: 'feedback_up', session_id: 'sess_1', message_id: 'msg_1' };
    const read = readActivity(activity({ conversation: group, text: undefined, value, replyToId: 'card-1' }));
    expect(read).toMatchObject({
      kind: 'action',
      action: { data: value, conversationKey: 'msteams:19:chat@thread.v2' },
    });
  });

  it('does not take an unknown action or a malformed one for a button', () => {
    for (const value of [
      { parley_action: 'delete_everything', session_id: 's', message_id: 'm' },
      { parley_action: 'escalate', session_id: 42, message_id: 'm' },
      'escalate',
    ]) {
      const read = readActivity(activity({ text: '', value }));
      expect(read.kind).toBe('message');
    }
  });

  it('ignores what is not a person’s message', () => {
    expect(readActivity(activity({ type: 'conversationUpdate' })).kind).toBe('ignore');
    expect(readActivity(activity({ type: 'messageUpdate' })).kind).toBe('ignore');
    expect(readActivity(activity({ from: bot })).kind).toBe('ignore');
    expect(readActivity(activity({ serviceUrl: undefined as unknown as string })).kind).toBe('ignore');
  });
});
