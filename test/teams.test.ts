import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  botId,
  postActivity,
  startTeamsDriver,
  type TeamsDriver,
  teamsMessage,
  tenantId,
  waitForLink,
} from './support/bot-framework-driver.js';
import type { BotFrameworkService } from './support/bot-framework-service.js';
import type { ParleyHarness } from './support/parley-harness.js';
import { dana, personal } from './support/teams-users.js';

describe('Teams with the offline model', () => {
  let driver: TeamsDriver;
  let service: BotFrameworkService;
  let parley: ParleyHarness;

  beforeAll(async () => {
    // A single-tenant bot: activities from another tenant are ignored.
    driver = await startTeamsDriver({ environment: { MICROSOFT_APP_TENANT_ID: tenantId } });
    service = driver.service;
    parley = driver.parley;
  });
  afterAll(async () => {
    await driver?.stop();
  });

  const send = (activity: Record<string, unknown>) => postActivity(parley, activity);
  const messagesIn = (conversationId: string) =>
    service.activities(conversationId).filter((activity) => activity.type === 'message');
  const waitForMessages = (conversationId: string, count: number) =>
    service.waitFor(() => {
      const messages = messagesIn(conversationId);
      return messages.length >= count ? messages : null;
    });

  it('shows the typing indicator, then replies to the message with Teams citations and a card', async () => {
    const conversation = personal();
    const activity = teamsMessage({
      serviceUrl: service.url,
      conversation,
      user: dana,
      text: 'How long do I have to return a laptop?',
    });
    expect((await send(activity)).status).toBe(200);
    const [answer] = await waitForMessages(conversation.id, 1);

    const calls = service.calls.filter((call) => call.conversationId === conversation.id);
    const typingAt = calls.findIndex((call) => call.body.type === 'typing');
    const answerAt = calls.findIndex((call) => call.body.type === 'message');
    expect(typingAt).toBeGreaterThanOrEqual(0);
    expect(typingAt).toBeLessThan(answerAt);
    // Both answer the user's message (POST …/activities/:activityId), from the bot.
    expect(calls[answerAt]?.activityId).toBe(activity.id);
    expect(calls[answerAt]?.path).toBe(
      `/v3/conversations/${encodeURIComponent(conversation.id)}/activities/${activity.id}`,
    );
    expect(answer?.from?.id).toBe(botId);

    expect(answer?.text).toMatch(/45 days.*\[1\]/);
    const entity = answer?.entities?.find((entry) => entry.type === 'https://schema.org/Message') as {
      additionalType: string[];
      citation: { position: number; appearance: { name: string; abstract: string } }[];
    };
    expect(entity.additionalType).toEqual(['AIGeneratedContent']);
    expect(entity.citation).toHaveLength(1);
    expect(entity.citation[0]?.position).toBe(1);
    expect(entity.citation[0]?.appearance.name).toBe('acme-return-policy.pdf, page 3');
    expect(entity.citation[0]?.appearance.abstract).toContain('45 days');
    expect(entity.citation[0]?.appearance.abstract.length).toBeLessThanOrEqual(160);

    const card = answer?.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const actions = card?.content.actions as { type: string; title: string; data: Record<string, string> }[];
    const sessionId = await waitForLink(parley, `msteams:${conversation.id}`);
    expect(actions.map((action) => action.data.parley_action)).toEqual([
      'feedback_up',
      'feedback_down',
      'escalate',
    ]);
    for (const action of actions) {
      expect(action.type).toBe('Action.Submit');
      expect(action.data.session_id).toBe(sessionId);
      expect(action.data.message_id).toMatch(/^msg_/);
    }
  });

  it('keeps the Teams facts in the session metadata, the user being their AAD object id', async () => {
    const conversation = personal();
    await send(
      teamsMessage({ serviceUrl: service.url, conversation, user: dana, text: 'Do you ship abroad?' }),
    );
    await waitForMessages(conversation.id, 1);
    const sessionId = await waitForLink(parley, `msteams:${conversation.id}`);
    const session = await parley.running.store.get('sessions', sessionId);
    expect(session?.user_id).toBe(dana.aadObjectId);
    const memory = await parley.running.store.get('session_metadata', sessionId);
    expect(memory?.metadata).toMatchObject({
      channel: 'msteams',
      tenant_id: tenantId,
      conversation_id: conversation.id,
      conversation_type: 'personal',
      user_id: dana.aadObjectId,
      userProfile: { name: dana.name },
    });
  });

  it('answers in a channel only when mentioned, in the reply chain, one session per chain', async () => {
    const channel = '19:general-parley@thread.tacv2';
    const channelData = { team: { id: '19:team-parley@thread.tacv2' }, channel: { id: channel } };
    const firstChain = { id: `${channel};messageid=1700000000001`, conversationType: 'channel' as const };
    const secondChain = { id: `${channel};messageid=1700000000002`, conversationType: 'channel' as const };

    // Without a mention (a channel message the bot may see with extra permissions): no answer.
    const unmentioned = teamsMessage({
      serviceUrl: service.url,
      conversation: firstChain,
      user: dana,
      text: 'Do you ship abroad?',
      channelData,
    });
    expect((await send(unmentioned)).status).toBe(200);

    for (const chain of [firstChain, secondChain]) {
      const status = (
        await send(
          teamsMessage({
            serviceUrl: service.url,
            conversation: chain,
            user: dana,
            text: 'Do you ship abroad?',
            mention: true,
            channelData,
          }),
        )
      ).status;
      expect(status).toBe(200);
    }
    await waitForMessages(firstChain.id, 1);
    await waitForMessages(secondChain.id, 1);
    expect(messagesIn(firstChain.id)).toHaveLength(1);

    const first = await waitForLink(parley, `msteams:${firstChain.id}`);
    const second = await waitForLink(parley, `msteams:${secondChain.id}`);
    expect(first).not.toBe(second);
    const history = await (
      await parley.request('GET', `/v1/apps/${driver.appId}/sessions/${first}/history`)
    ).json();
    expect(history.messages.filter((message: { role: string }) => message.role === 'user')).toHaveLength(1);
    expect(history.messages[0].content).toBe('Do you ship abroad?');
    const memory = await parley.running.store.get('session_metadata', first);
    expect(memory?.metadata).toMatchObject({
      conversation_type: 'channel',
      conversation_id: firstChain.id,
      team_id: channelData.team.id,
      channel_id: channel,
    });
  });

  it('starts a reply chain for a new channel post whose conversation names no chain', async () => {
    const channel = '19:announcements-parley@thread.tacv2';
    const post = teamsMessage({
      serviceUrl: service.url,
      conversation: { id: channel, conversationType: 'channel' },
      user: dana,
      text: 'Do you ship abroad?',
      mention: true,
      id: '1700000000777',
    });
    await send(post);
    const chain = `${channel};messageid=1700000000777`;
    const [answer] = await waitForMessages(chain, 1);
    expect(answer?.replyTo).toBe('1700000000777');
    expect(await waitForLink(parley, `msteams:${chain}`)).toMatch(/^sess_/);
  });

  it('ignores a group chat message that does not mention the bot', async () => {
    const group = { id: '19:group-parley@thread.v2', conversationType: 'groupChat' as const };
    const unmentioned = teamsMessage({
      serviceUrl: service.url,
      conversation: group,
      user: dana,
      text: 'Lunch at noon?',
    });
    const response = await send(unmentioned);
    expect(response.status).toBe(200);
    // A mentioned message after it is answered; the first one never was.
    const mentioned = teamsMessage({
      serviceUrl: service.url,
      conversation: group,
      user: dana,
      text: 'Do you ship?',
      mention: true,
    });
    await send(mentioned);
    await waitForMessages(group.id, 1);
    // Everything the bot sent to the group (typing, the answer) replies to the mentioned message.
    const sent = service.calls.filter((call) => call.conversationId === group.id);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((call) => call.activityId)).toEqual(sent.map(() => mentioned.id));
    const sessionId = await waitForLink(parley, `msteams:${group.id}`);
    const history = await (
      await parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}/history`)
    ).json();
    expect(history.messages.map((message: { content: string }) => message.content)).not.toContain(
      'Lunch at noon?',
    );
  });

  it('sends a person’s reply proactively to the stored conversation, showing its author', async () => {
    const conversation = personal();
    await send(
      teamsMessage({ serviceUrl: service.url, conversation, user: dana, text: 'Do you ship abroad?' }),
    );
    await waitForMessages(conversation.id, 1);
    const sessionId = await waitForLink(parley, `msteams:${conversation.id}`);
    const escalated = await parley.request('POST', `/v1/apps/${driver.appId}/sessions/${sessionId}/escalate`);
    expect(escalated.status).toBeLessThan(300);
    const reply = await parley.request('POST', `/v1/apps/${driver.appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Hello <b>there</b>, I can help.',
      author: 'Mulder',
    });
    expect(reply.status).toBeLessThan(300);

    const messages = await service.waitFor(() => {
      const found = messagesIn(conversation.id).filter((message) => message.text?.includes('Mulder'));
      return found.length > 0 ? found : null;
    });
    const sent = service.calls.find(
      (call) => call.conversationId === conversation.id && String(call.body.text).includes('Mulder'),
    );
    // A new message of the conversation (not a reply to an old activity), from the bot.
    expect(sent?.method).toBe('POST');
    expect(sent?.activityId).toBeNull();
    expect(messages[0]?.from?.id).toBe(botId);
    expect(messages[0]?.text).toBe('**Mulder**: Hello &lt;b&gt;there&lt;/b&gt;, I can help.');
  });

  it('ignores a card action naming a session the conversation does not hold', async () => {
    const victim = personal();
    await send(
      teamsMessage({ serviceUrl: service.url, conversation: victim, user: dana, text: 'Do you ship?' }),
    );
    const [answer] = await waitForMessages(victim.id, 1);
    const actions = (answer?.attachments?.[0]?.content.actions ?? []) as { data: Record<string, string> }[];
    const data = actions[2]?.data;
    expect(data?.parley_action).toBe('escalate');

    const attacker = personal();
    await send(
      teamsMessage({ serviceUrl: service.url, conversation: attacker, user: dana, text: 'Hi there' }),
    );
    await waitForMessages(attacker.id, 1);
    const forged = teamsMessage({
      serviceUrl: service.url,
      conversation: attacker,
      user: dana,
      value: data as Record<string, string>,
    });
    expect((await send(forged)).status).toBe(200);
    // The same press in the right conversation works: once it is answered, the forged one was not.
    const genuine = teamsMessage({
      serviceUrl: service.url,
      conversation: victim,
      user: dana,
      value: { ...data, parley_action: 'feedback_up' } as Record<string, string>,
    });
    await send(genuine);
    await waitForMessages(victim.id, 2);
    const session = await parley.running.store.get('sessions', data?.session_id ?? '');
    expect(session?.escalated).toBe(false);
    expect(messagesIn(attacker.id)).toHaveLength(1);
  });

  it('without an app id, refuses an activity whose serviceUrl is not loopback, and changes nothing', async () => {
    const store = parley.running.store;
    // A conversation the agent already answers, through the local (loopback) service.
    const known = personal();
    await send(
      teamsMessage({ serviceUrl: service.url, conversation: known, user: dana, text: 'Do you ship?' }),
    );
    await waitForMessages(known.id, 1);
    const sessionId = await waitForLink(parley, `msteams:${known.id}`);
    const linkBefore = await store.findOne('channel_links', { conversation_key: `msteams:${known.id}` });
    const sessionsBefore = await store.count('sessions');
    const linksBefore = await store.count('channel_links');

    const fresh = personal();
    for (const serviceUrl of [
      'http://169.254.169.254/latest/',
      'http://10.0.0.7:8080/',
      'https://smba.trafficmanager.net/emea/',
      'http://localhost@evil.example/',
    ]) {
      for (const conversation of [fresh, known]) {
        const refused = await send(
          teamsMessage({ serviceUrl, conversation, user: dana, text: 'Do you ship abroad?' }),
        );
        expect(refused.status, serviceUrl).toBe(403);
        expect((await refused.json()).error).toMatchObject({ code: 'permission_error', details: {} });
      }
    }
    // A button press with a foreign serviceUrl is refused as well.
    const press = teamsMessage({
      serviceUrl: 'http://169.254.169.254/',
      conversation: known,
      user: dana,
      value: { parley_action: 'escalate', session_id: sessionId, message_id: 'msg_x' },
    });
    expect((await send(press)).status).toBe(403);

    expect(await store.count('sessions')).toBe(sessionsBefore);
    expect(await store.count('channel_links')).toBe(linksBefore);
    const linkAfter = await store.findOne('channel_links', { conversation_key: `msteams:${known.id}` });
    expect(linkAfter?.address).toEqual(linkBefore?.address);
    expect(linkAfter?.address.serviceUrl).toBe(service.url);
    expect((await store.get('sessions', sessionId))?.escalated).toBe(false);
  });

  it('ignores activities from another tenant than the bot’s', async () => {
    const store = parley.running.store;
    const outsider = personal();
    const foreign = teamsMessage({ serviceUrl: service.url, conversation: outsider, user: dana, text: 'Hi' });
    (foreign.conversation as { tenantId: string }).tenantId = 'tenant-ffff-other';
    (foreign.channelData as { tenant: { id: string } }).tenant.id = 'tenant-ffff-other';
    expect((await send(foreign)).status).toBe(200);
    // Naming the bot's tenant in one place and another in the other is not enough.
    const mixed = teamsMessage({ serviceUrl: service.url, conversation: outsider, user: dana, text: 'Hi' });
    (mixed.channelData as { tenant: { id: string } }).tenant.id = 'tenant-ffff-other';
    expect((await send(mixed)).status).toBe(200);

    // A message from the bot's tenant, sent after them, is answered: by then they were not.
    const insider = personal();
    await send(teamsMessage({ serviceUrl: service.url, conversation: insider, user: dana, text: 'Hi' }));
    await waitForMessages(insider.id, 1);
    await waitForLink(parley, `msteams:${insider.id}`);
    expect(
      await store.findOne('channel_links', { conversation_key: `msteams:${outsider.id}` }),
    ).toBeUndefined();
    expect(service.calls.filter((call) => call.conversationId === outsider.id)).toEqual([]);
  });

  it('refuses a body that is not an activity', async () => {
    const notJson = await fetch(`${parley.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('invalid_request');
    expect((await postActivity(parley, { text: 'no type' } as Record<string, unknown>)).status).toBe(400);
    const tooLarge = await fetch(`${parley.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(1024 * 1024 + 10) }),
    });
    expect(tooLarge.status).toBe(413);
  });
});
