import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackDriver, slackSigningSecret, startSlackDriver } from './support/slack-driver.js';
import {
  blockActionsPayload,
  formBody,
  messageEvent,
  postToSlackEndpoint,
  slackSignature,
} from './support/slack-events.js';

/** Slack's own rules on top of the channel contract: signatures, retries, what is not a turn, who is asking. */
describe('Slack over HTTP', () => {
  let driver: SlackDriver;
  let dm = 0;
  const nextDm = () => `D0EDGE${String(++dm).padStart(4, '0')}`;

  beforeAll(async () => {
    driver = await startSlackDriver({ style: 'dm' });
  });
  afterAll(async () => {
    await driver?.stop();
  });

  const store = () => driver.parley.running.store;
  const botMessages = (channel: string) =>
    driver.api.messages(channel).filter((message) => message.user === driver.api.botUserId);
  const finalOf = (channel: string, count = 1) =>
    driver.api.waitFor(() => {
      const done = botMessages(channel).filter(
        (message) => !message.versions.at(-1)?.blocks.some((block) => block.block_id === 'parley_progress'),
      );
      return done.length >= count ? done : null;
    });
  const directMessage = (channel: string, text: string, user = 'U1', extra: Record<string, unknown> = {}) =>
    messageEvent({ channel, channelType: 'im', user, text, ts: driver.nextTs(), extra }, driver.api.teamId);

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

  it('keeps who is asking in the session metadata, from the event and a cached users.info', async () => {
    const channel = nextDm();
    const lookupsBefore = driver.api.callsTo('users.info').filter((call) => call.body.user === 'U2').length;
    await driver.sendEvent(directMessage(channel, 'Do you ship abroad?', 'U2'));
    await finalOf(channel);
    await driver.sendEvent(directMessage(channel, 'What about warranty?', 'U2'));
    await finalOf(channel, 2);
    const link = await store().findOne('channel_links', {
      conversation_key: `${driver.api.teamId}:${channel}`,
    });
    const session = await store().get('sessions', link?.session_id ?? '');
    expect(session?.user_id).toBe('U2');
    const memory = await store().get('session_metadata', link?.session_id ?? '');
    expect(memory?.metadata).toMatchObject({
      channel: 'slack',
      team_id: driver.api.teamId,
      channel_id: channel,
      thread_ts: null,
      user_id: 'U2',
      userProfile: { name: 'Grace Hopper', real_name: 'Grace Hopper', tz: 'America/New_York' },
    });
    // Cached: one users.info for two messages (at most one if another test asked for U2 before).
    const lookups = driver.api.callsTo('users.info').filter((call) => call.body.user === 'U2').length;
    expect(lookups - lookupsBefore).toBeLessThanOrEqual(1);
    expect(driver.api.callsTo('users.info').every((call) => call.token === driver.api.calls[0]?.token)).toBe(
      true,
    );
  });

  it('answers even when users.info fails or is slow, without the profile', async () => {
    const channel = nextDm();
    driver.api.addUser({ id: 'U9SLOW', name: 'slow', real_name: 'Slow Poke' });
    driver.api.failNext('users.info', 'ratelimited');
    await driver.sendEvent(directMessage(channel, 'Do you ship abroad?', 'U9FAIL'));
    const [answer] = await finalOf(channel);
    expect(answer?.versions.at(-1)?.text).not.toBe('');
    const link = await store().findOne('channel_links', {
      conversation_key: `${driver.api.teamId}:${channel}`,
    });
    const memory = await store().get('session_metadata', link?.session_id ?? '');
    expect(memory?.metadata.user_id).toBe('U9FAIL');
    expect(memory?.metadata.userProfile).toBeUndefined();

    // A users.info that takes longer than the answer may wait: the event is still acknowledged at once.
    driver.api.delay('users.info', 2_500);
    try {
      const slowChannel = nextDm();
      const acknowledged = await driver.sendEvent(
        directMessage(slowChannel, 'Do you ship abroad?', 'U9SLOW'),
      );
      expect(acknowledged.status).toBe(200);
      expect(acknowledged.elapsedMs).toBeLessThan(2_000);
      expect(botMessages(slowChannel)).toHaveLength(0);
      await finalOf(slowChannel);
    } finally {
      driver.api.delay('users.info', 0);
    }
  });

  it('thanks for a rating with a message only the user sees', async () => {
    const channel = nextDm();
    await driver.sendEvent(directMessage(channel, 'Do you ship abroad?'));
    await finalOf(channel);
    // Press 👍 on the message as Slack would send it.
    const [message] = botMessages(channel);
    const blocks = message?.versions.at(-1)?.blocks ?? [];
    const actions = blocks.find((block) => block.block_id === 'parley_actions');
    const up = ((actions?.elements ?? []) as Record<string, unknown>[]).find(
      (element) => element.action_id === 'parley_feedback_up',
    );
    expect(up).toBeDefined();
    const payload = blockActionsPayload({
      teamId: driver.api.teamId,
      user: 'U1',
      channel,
      message: {
        ts: message?.ts ?? '',
        text: '',
        blocks,
        user: driver.api.botUserId,
        bot_id: driver.api.botId,
      },
      action: {
        action_id: 'parley_feedback_up',
        block_id: 'parley_actions',
        value: String(up?.value),
        text: '👍',
      },
    });
    const pressed = await postToSlackEndpoint(
      driver.endpoint,
      slackSigningSecret,
      formBody(payload),
      'application/x-www-form-urlencoded',
    );
    expect(pressed.status).toBe(200);
    expect(pressed.elapsedMs).toBeLessThan(3_000);
    const ephemeral = await driver.api.waitFor(() =>
      driver.api.callsTo('chat.postEphemeral').find((call) => call.body.channel === channel),
    );
    expect(ephemeral.body).toMatchObject({ user: 'U1', text: 'Thanks for the feedback.' });
    const value = JSON.parse(String(up?.value)) as { session_id: string; message_id: string };
    const stored = await store().get('messages', value.message_id);
    expect(stored?.feedback?.rating).toBe('up');
  });

  it('ignores a button whose session is not the one of the conversation it was pressed in', async () => {
    const victim = nextDm();
    const attacker = nextDm();
    await driver.sendEvent(directMessage(victim, 'Do you ship abroad?'));
    await driver.sendEvent(directMessage(attacker, 'Do you ship abroad?', 'U2'));
    const [victimAnswer] = await finalOf(victim);
    const [attackerAnswer] = await finalOf(attacker);
    const victimElements = (victimAnswer?.versions
      .at(-1)
      ?.blocks.find((block) => block.block_id === 'parley_actions')?.elements ?? []) as Record<
      string,
      unknown
    >[];
    const victimValue = (actionId: string) =>
      String(victimElements.find((element) => element.action_id === actionId)?.value);
    const { session_id: victimSession, message_id: victimMessage } = JSON.parse(
      victimValue('parley_escalate'),
    ) as { session_id: string; message_id: string };

    // The attacker's own message, pressed in their own DM, carrying the victim's button values.
    for (const actionId of ['parley_escalate', 'parley_feedback_down']) {
      const payload = blockActionsPayload({
        teamId: driver.api.teamId,
        user: 'U2',
        channel: attacker,
        message: {
          ts: attackerAnswer?.ts ?? '',
          text: '',
          blocks: attackerAnswer?.versions.at(-1)?.blocks ?? [],
          user: driver.api.botUserId,
          bot_id: driver.api.botId,
        },
        action: { action_id: actionId, block_id: 'parley_actions', value: victimValue(actionId), text: 'x' },
      });
      const pressed = await postToSlackEndpoint(
        driver.endpoint,
        slackSigningSecret,
        formBody(payload),
        'application/x-www-form-urlencoded',
      );
      expect(pressed.status).toBe(200);
    }
    // Both presses are answered privately: this conversation holds no such session.
    const refusals = await driver.api.waitFor(() => {
      const told = driver.api
        .callsTo('chat.postEphemeral')
        .filter((call) => call.body.channel === attacker && call.body.user === 'U2');
      return told.length >= 2 ? told : null;
    });
    for (const call of refusals) expect(String(call.body.text)).toMatch(/conversation has ended/);
    const session = await store().get('sessions', victimSession);
    expect(session?.escalated).toBe(false);
    expect((await store().get('messages', victimMessage))?.feedback).toBeFalsy();
    expect(driver.api.callsTo('chat.postEphemeral').filter((call) => call.body.channel === victim)).toEqual(
      [],
    );
    expect(botMessages(victim)).toHaveLength(1);
    expect(botMessages(attacker)).toHaveLength(1);
  });

  it('waits as long as Slack asks after a 429 and still writes the whole answer', async () => {
    const channel = nextDm();
    driver.api.rateLimit('chat.update', 1, 1);
    await driver.sendEvent(directMessage(channel, 'How long do I have to return a laptop?'));
    const [answer] = await finalOf(channel);
    const blocks = answer?.versions.at(-1)?.blocks ?? [];
    expect(blocks.some((block) => block.block_id === 'parley_sources')).toBe(true);
    const updates = driver.api.callsTo('chat.update').filter((call) => call.body.channel === channel);
    const limited = updates.findIndex((call) => call.outcome.status === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    const after = updates[limited + 1];
    expect(after).toBeDefined();
    // Nothing was written to that message until Retry-After (1 s) had passed.
    expect((after?.at ?? 0) - (updates[limited]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });
});

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
