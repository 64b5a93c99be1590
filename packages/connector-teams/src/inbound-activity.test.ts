import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import {
  feedbackText,
  fromTenant,
  isLoopbackServiceUrl,
  readActivity,
  threadConversationId,
} from './inbound-activity.js';

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

describe('what an unauthenticated connector trusts', () => {
  it('takes only a loopback serviceUrl (the Bot Framework Emulator’s)', () => {
    for (const url of [
      'http://localhost:55001/',
      'http://LOCALHOST/',
      'http://127.0.0.1:9/',
      'https://127.10.20.30/base/',
      'http://[::1]:3978/',
      'http://127.0.0.1',
    ])
      expect(isLoopbackServiceUrl(url), url).toBe(true);
    for (const url of [
      'https://smba.trafficmanager.net/emea/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5:8080/',
      'http://192.168.1.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://127.0.0.1.evil.example/',
      'http://localhost.evil.example/',
      'http://localhost@evil.example/',
      'http://127.0.0.1:80@evil.example/',
      'http://user:pw@127.0.0.1/',
      'http://127.0.0.1\\@evil.example/',
      'http://127.999.0.1/',
      'file:///etc/passwd',
      'ftp://127.0.0.1/',
      ' http://127.0.0.1/',
      '',
      undefined,
      42,
    ])
      expect(isLoopbackServiceUrl(url), String(url)).toBe(false);
  });

  it('takes, with a tenant set, only activities that name that tenant and no other', () => {
    expect(fromTenant(activity(), undefined)).toBe(true);
    expect(fromTenant(activity(), 'tenant-1')).toBe(true);
    expect(fromTenant(activity(), 'TENANT-1')).toBe(true);
    expect(fromTenant(activity(), 'tenant-2')).toBe(false);
    const mixed = activity({ channelData: { tenant: { id: 'tenant-2' } } });
    expect(fromTenant(mixed, 'tenant-1')).toBe(false);
    const channelDataOnly = activity({
      conversation: { id: 'a:x', conversationType: 'personal', isGroup: false, name: '' },
    });
    expect(fromTenant(channelDataOnly, 'tenant-1')).toBe(true);
    const none = activity({
      conversation: { id: 'a:x', conversationType: 'personal', isGroup: false, name: '' },
      channelData: {},
    });
    expect(fromTenant(none, 'tenant-1')).toBe(false);
    expect(fromTenant(none, undefined)).toBe(true);
  });
});

describe('reading Teams feedback and installs', () => {
  const feedback = (actionValue: Record<string, unknown>, overrides: Partial<Activity> = {}) =>
    activity({
      type: 'invoke',
      name: 'message/submitAction',
      replyToId: 'bot-answer-1',
      text: undefined,
      value: { actionName: 'feedback', actionValue },
      ...overrides,
    });

  it('reads a like or dislike with its comment, for the answer it replies to', () => {
    expect(
      readActivity(feedback({ reaction: 'dislike', feedback: '{"feedbackText":" Too vague "}' })),
    ).toEqual({
      kind: 'feedback',
      feedback: {
        answerActivityId: 'bot-answer-1',
        rating: 'down',
        comment: 'Too vague',
        conversationKey: 'msteams:a:personal-chat',
      },
    });
    expect(readActivity(feedback({ reaction: 'like', feedback: '{"feedbackText":""}' }))).toMatchObject({
      kind: 'feedback',
      feedback: { rating: 'up', comment: null },
    });
  });

  it('ignores other invokes, unknown reactions and feedback naming no answer', () => {
    expect(readActivity(feedback({ reaction: 'love' })).kind).toBe('ignore');
    expect(readActivity(feedback({ reaction: 'like' }, { replyToId: undefined })).kind).toBe('ignore');
    expect(readActivity(feedback({ reaction: 'like' }, { name: 'adaptiveCard/action' })).kind).toBe('ignore');
  });

  it('reads the comment of a form given as text or as an object', () => {
    expect(feedbackText('{"feedbackText":"Good"}')).toBe('Good');
    expect(feedbackText({ feedbackText: 'Good' })).toBe('Good');
    expect(feedbackText('plain words')).toBe('plain words');
    expect(feedbackText(undefined)).toBeNull();
  });

  it('reads the bot being added to a chat, and nothing else of a conversation update', () => {
    const added = activity({
      type: 'conversationUpdate',
      text: undefined,
      membersAdded: [{ id: bot.id, name: '' }],
    });
    const inbound = readActivity(added);
    expect(inbound).toMatchObject({
      kind: 'installed',
      install: { conversationType: 'personal', userId: '29:user-id', metadata: { user_id: 'aad-dana' } },
    });
    expect(inbound.kind === 'installed' && 'activityId' in inbound.install.address).toBe(false);
    const someoneElse = activity({
      type: 'conversationUpdate',
      membersAdded: [{ id: '29:other', name: '' }],
    });
    expect(readActivity(someoneElse).kind).toBe('ignore');
  });
});
