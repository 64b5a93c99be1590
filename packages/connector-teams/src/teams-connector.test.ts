import type { ChannelAnswer, ChannelHandler } from '@parley/engine';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsAnswerWriter } from './answer-writer.js';
import { TeamsSettingsError } from './bot-authentication.js';
import { TeamsConnector } from './teams-connector.js';

const handler: ChannelHandler = {
  receive: async () => {
    throw new Error('not expected');
  },
  escalate: async () => ({ status: 'not_linked' }),
  rate: async () => ({ status: 'not_linked' }),
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

  it('without an app id, refuses an activity whose serviceUrl is not loopback, and says why', async () => {
    const logged: [string, string][] = [];
    const connector = new TeamsConnector({ log: (level, message) => logged.push([level, message]) });
    const untouched: ChannelHandler = {
      receive: async () => expect.fail('receive'),
      escalate: async () => expect.fail('escalate'),
      rate: async () => expect.fail('rate'),
      linkOf: async () => expect.fail('linkOf'),
    };
    const activity = (serviceUrl?: string) => ({
      type: 'message',
      id: '1',
      text: 'hi',
      channelId: 'msteams',
      ...(serviceUrl === undefined ? {} : { serviceUrl }),
      from: { id: '29:u' },
      recipient: { id: '28:bot' },
      conversation: { id: 'a:c', conversationType: 'personal' },
    });
    for (const serviceUrl of [
      'http://169.254.169.254/',
      'https://smba.trafficmanager.net/emea/',
      undefined,
    ]) {
      const result = await connector.process({ headers: {}, body: activity(serviceUrl) }, untouched);
      expect(result).toEqual({
        status: 403,
        body: { error: { code: 'permission_error', message: expect.any(String), details: {} } },
      });
    }
    await connector.idle();
    expect(logged).toHaveLength(3);
    expect(logged[0]?.[0]).toBe('warn');
    expect(logged[0]?.[1]).toMatch(/loopback serviceUrl/);
  });

  it('with a tenant set, ignores another tenant’s activity (200), and says so', async () => {
    const logged: [string, string][] = [];
    const received: unknown[] = [];
    const connector = new TeamsConnector({
      tenantId: 'tenant-1',
      log: (level, message) => logged.push([level, message]),
    });
    const recording: ChannelHandler = {
      ...handler,
      receive: async (message) => {
        received.push(message);
        return 'answered';
      },
    };
    const activity = (tenant: string) => ({
      type: 'message',
      id: `id-${tenant}`,
      text: 'hi',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: '29:u' },
      recipient: { id: '28:bot' },
      conversation: { id: `a:${tenant}`, conversationType: 'personal', tenantId: tenant },
      channelData: { tenant: { id: tenant } },
    });
    expect((await connector.process({ headers: {}, body: activity('tenant-2') }, recording)).status).toBe(
      200,
    );
    await connector.idle();
    expect(received).toEqual([]);
    expect(logged).toEqual([['info', expect.stringMatching(/tenant/)]]);
    expect((await connector.process({ headers: {}, body: activity('tenant-1') }, recording)).status).toBe(
      200,
    );
    await connector.idle();
    expect(received).toHaveLength(1);
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
