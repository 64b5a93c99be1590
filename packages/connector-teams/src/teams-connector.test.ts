import type { ChannelAnswer } from '@parley/engine';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsAnswerWriter } from './answer-writer.js';
import { TeamsSettingsError } from './bot-authentication.js';
import { TeamsConnector, type TeamsTurnHandler } from './teams-connector.js';

const handler: TeamsTurnHandler = {
  receive: async () => {
    throw new Error('not expected');
  },
  escalate: async () => ({ message: '' }),
  rate: async () => {},
  linkOf: async () => undefined,
};

describe('the Teams connector', () => {
  it('is unauthenticated without an app id, and needs the password with one', () => {
    expect(new TeamsConnector().authenticated).toBe(false);
    expect(() => new TeamsConnector({ appId: '00000000-0000-0000-0000-000000000001' })).toThrow(
      TeamsSettingsError,
    );
    expect(
      new TeamsConnector({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret' })
        .authenticated,
    ).toBe(true);
    expect(
      new TeamsConnector({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 's', tenantId: 't' })
        .authenticated,
    ).toBe(true);
  });

  it('refuses a request without a Bot Framework token when it has an app id', async () => {
    const connector = new TeamsConnector({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 's' });
    const activity = { type: 'message', text: 'hi', serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams' };
    expect(await connector.process({ headers: {}, body: activity }, handler)).toMatchObject({ status: 401 });
    expect(
      await connector.process({ headers: { authorization: 'Bearer garbage' }, body: activity }, handler),
    ).toMatchObject({ status: 401 });
  });

  it('refuses a body that is not an activity', async () => {
    const connector = new TeamsConnector();
    for (const body of [null, [], 'text', { text: 'no type' }])
      expect((await connector.process({ headers: {}, body }, handler)).status).toBe(400);
  });
});

describe('the Teams answer writer', () => {
  const finished: ChannelAnswer = {
    text: 'Done.',
    citations: [],
    sessionId: 'sess_1',
    messageId: 'msg_1',
    escalated: false,
  };

  it('shows typing, renews it at most once per interval, then sends the answer', async () => {
    const sent: Partial<Activity>[] = [];
    const writer = new TeamsAnswerWriter(async (activity) => {
      sent.push(activity);
    }, 60_000);
    await writer.working();
    await writer.update('Do');
    await writer.update('Don');
    await writer.finish(finished);
    expect(sent.map((activity) => activity.type)).toEqual(['typing', 'message']);
    expect(sent[1]?.text).toBe('Done.');
  });

  it('renews typing once the interval has passed', async () => {
    const sent: Partial<Activity>[] = [];
    const writer = new TeamsAnswerWriter(async (activity) => {
      sent.push(activity);
    }, 0);
    await writer.working();
    await writer.update('Do');
    expect(sent.map((activity) => activity.type)).toEqual(['typing', 'typing']);
  });

  it('posts nothing for a quiet answer, and a notice for a failure', async () => {
    const sent: Partial<Activity>[] = [];
    const writer = new TeamsAnswerWriter(async (activity) => {
      sent.push(activity);
    }, 60_000);
    await writer.finish({ ...finished, text: '' });
    expect(sent).toEqual([]);
    await writer.fail('Sorry, try again.');
    expect(sent).toMatchObject([{ type: 'message', text: 'Sorry, try again.' }]);
  });
});
