import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSigningSecret } from './support/slack-driver.js';
import { blockActionsPayload, formBody, postToSlackEndpoint } from './support/slack-events.js';
import {
  botMessages,
  directMessage,
  driver,
  finalOf,
  nextDm,
  startSlackOverHttp,
  stopSlackOverHttp,
  store,
} from './support/slack-over-http.js';

/** Slack over HTTP, continued: who is asking, ratings, buttons from another conversation, and Slack's rate limits. */
describe('Slack over HTTP', () => {
  beforeAll(startSlackOverHttp);
  afterAll(stopSlackOverHttp);

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
