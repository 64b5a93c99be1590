import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageEvent, postToSlackEndpoint, slackSignature } from './support/slack-events.js';
import {
  botMessages,
  directMessage,
  driver,
  finalOf,
  nextDm,
  nowSeconds,
  startSlackOverHttp,
  stopSlackOverHttp,
  store,
} from './support/slack-over-http.js';

/** Slack's own rules on top of the channel contract: signatures, retries, what is not a turn, who is asking. */
describe('Slack over HTTP', () => {
  beforeAll(startSlackOverHttp);
  afterAll(stopSlackOverHttp);

  it('answers Slack’s url_verification challenge', async () => {
    const body = JSON.stringify({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const result = await driver.sendRaw(body);
    expect(result.status).toBe(200);
    expect(result.body).toContain('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  });

  it('refuses a bad signature, a stale timestamp or none at all, and creates nothing', async () => {
    const sessionsBefore = await store().count('sessions');
    const linksBefore = await store().count('channel_links');
    const callsBefore = driver.api.calls.length;
    const channel = nextDm();
    const body = JSON.stringify({
      token: 'x',
      team_id: driver.api.teamId,
      api_app_id: 'A0PARLEYAPP',
      type: 'event_callback',
      event_id: 'EvFORGED0001',
      event_time: Math.floor(Date.now() / 1000),
      event: directMessage(channel, 'How long do I have to return a laptop?'),
    });
    const forged = await driver.sendRaw(body, {
      signature: slackSignature('not-the-secret', nowSeconds(), body),
    });
    expect(forged.status).toBe(401);
    const garbled = await driver.sendRaw(body, { signature: 'v0=deadbeef' });
    expect(garbled.status).toBe(401);
    // Signed correctly, but six minutes ago: a replay.
    const stale = await driver.sendRaw(body, { timestamp: nowSeconds() - 6 * 60 });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(driver.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    // A button press with a forged signature is refused too.
    const press = await postToSlackEndpoint(
      driver.endpoint,
      'not-the-secret',
      new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', actions: [] }) }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(press.status).toBe(401);

    // The same body, signed now, is answered: only the signature made the difference.
    expect((await driver.sendRaw(body)).status).toBe(200);
    await finalOf(channel);
    expect(await store().count('sessions')).toBe(sessionsBefore + 1);
    expect(await store().count('channel_links')).toBe(linksBefore + 1);
    const callsAfterRefusals = driver.api.calls.slice(callsBefore);
    expect(callsAfterRefusals.filter((call) => call.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('acknowledges at once and answers a retried or doubled delivery once', async () => {
    const channel = nextDm();
    const event = directMessage(channel, 'Do you ship abroad?');
    const first = await driver.sendEvent(event, { eventId: 'EvRETRY0001' });
    // Slack retries (X-Slack-Retry-Num) while the first is still being answered, and once more later.
    const [retry, again] = await Promise.all([
      driver.sendEvent(event, { eventId: 'EvRETRY0001', retryNum: 1, retryReason: 'http_timeout' }),
      driver.sendEvent(event, { eventId: 'EvRETRY0001', retryNum: 2, retryReason: 'http_timeout' }),
    ]);
    expect([first.status, retry.status, again.status]).toEqual([200, 200, 200]);
    await finalOf(channel);
    const late = await driver.sendEvent(event, { eventId: 'EvRETRY0001', retryNum: 3 });
    expect(late.status).toBe(200);
    // A later message is answered: once it is, a retry would have been answered before it.
    await driver.sendEvent(directMessage(channel, 'What about warranty?'));
    const answers = await finalOf(channel, 2);
    expect(answers).toHaveLength(2);
    expect(botMessages(channel)).toHaveLength(2);
    const link = await store().findOne('channel_links', {
      conversation_key: `${driver.api.teamId}:${channel}`,
    });
    const history = await store().all('messages', { thread_id: link?.session_id ?? '' });
    expect(history.filter((message) => message.role === 'user')).toHaveLength(2);
    for (const elapsed of driver.ackTimes) expect(elapsed).toBeLessThan(3_000);
  });

  it('does not answer bots, itself, edits, deletions or other subtypes', async () => {
    const channel = nextDm();
    const ignored = [
      // Another app's bot.
      messageEvent(
        {
          channel,
          channelType: 'im',
          text: 'I am a bot',
          ts: driver.nextTs(),
          subtype: 'bot_message',
          botId: 'B0OTHER',
        },
        driver.api.teamId,
      ),
      // A bot user posting without a subtype.
      messageEvent(
        {
          channel,
          channelType: 'im',
          user: 'U0OTHERBOT',
          botId: 'B0OTHER',
          text: 'beep',
          ts: driver.nextTs(),
        },
        driver.api.teamId,
      ),
      // Parley's own message coming back as an event.
      messageEvent(
        {
          channel,
          channelType: 'im',
          user: driver.api.botUserId,
          botId: driver.api.botId,
          text: 'my own answer',
          ts: driver.nextTs(),
        },
        driver.api.teamId,
      ),
      // An edit and a deletion of the user's message.
      messageEvent(
        {
          channel,
          channelType: 'im',
          text: '',
          ts: driver.nextTs(),
          subtype: 'message_changed',
          extra: {
            hidden: true,
            message: {
              type: 'message',
              user: 'U1',
              text: 'How long do I have to return a laptop? (edited)',
              ts: '1.0',
              edited: { user: 'U1', ts: '2.0' },
            },
            previous_message: {
              type: 'message',
              user: 'U1',
              text: 'How long do I have to return a laptop?',
              ts: '1.0',
            },
          },
        },
        driver.api.teamId,
      ),
      messageEvent(
        {
          channel,
          channelType: 'im',
          text: '',
          ts: driver.nextTs(),
          subtype: 'message_deleted',
          extra: { hidden: true, deleted_ts: '1.0' },
        },
        driver.api.teamId,
      ),
      messageEvent(
        {
          channel,
          channelType: 'im',
          user: 'U1',
          text: '<@U1> has joined',
          ts: driver.nextTs(),
          subtype: 'channel_join',
        },
        driver.api.teamId,
      ),
      // A message in a channel that does not mention the bot, outside any thread it is in.
      messageEvent(
        { channel: 'C0ELSEWHERE', channelType: 'channel', user: 'U1', text: 'lunch?', ts: driver.nextTs() },
        driver.api.teamId,
      ),
      messageEvent(
        {
          channel: 'C0ELSEWHERE',
          channelType: 'channel',
          user: 'U1',
          text: 'in a thread',
          ts: driver.nextTs(),
          threadTs: '1700000000.000100',
        },
        driver.api.teamId,
      ),
    ];
    for (const event of ignored) expect((await driver.sendEvent(event)).status).toBe(200);
    await driver.sendEvent(directMessage(channel, 'Do you ship abroad?'));
    await finalOf(channel);
    expect(botMessages(channel)).toHaveLength(1);
    expect(driver.api.messages('C0ELSEWHERE')).toHaveLength(0);
    const link = await store().findOne('channel_links', {
      conversation_key: `${driver.api.teamId}:${channel}`,
    });
    const history = await store().all('messages', { thread_id: link?.session_id ?? '' });
    expect(history.filter((message) => message.role === 'user').map((message) => message.content)).toEqual([
      'Do you ship abroad?',
    ]);
    expect(
      await store().findOne('channel_links', {
        conversation_key: `${driver.api.teamId}:C0ELSEWHERE:1700000000.000100`,
      }),
    ).toBeUndefined();
  });
});
