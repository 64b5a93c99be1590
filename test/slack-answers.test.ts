import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatCompletionRequestMessage } from './support/openai-server.js';
import type { SlackBlock, SlackStoredMessage } from './support/slack-api-server.js';
import { type SlackDriver, startSlackDriver } from './support/slack-driver.js';
import { startAppWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const finished = (message: SlackStoredMessage) =>
  !message.versions.at(-1)?.blocks.some((block) => block.block_id === 'parley_progress');
const sectionText = (blocks: SlackBlock[]) =>
  blocks
    .filter((block) => block.type === 'section')
    .map((block) => (block.text as { text: string }).text)
    .join('\n');
const contentOf = (message: ChatCompletionRequestMessage | undefined) =>
  typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? '');

describe('Slack answers (a model behind the real openai SDK)', () => {
  let driver: SlackDriver;
  let receiver: WebhookReceiver;
  const webhookSecret = 'whsec_slack_answers';

  beforeAll(async () => {
    driver = await startSlackDriver({ style: 'thread', model: 'openai' });
    receiver = await startAppWebhookReceiver(driver.parley, driver.appId, webhookSecret);
  });
  afterAll(async () => {
    await driver?.stop();
    await receiver?.close();
  });

  const model = () => {
    const server = driver.parley.modelServer;
    if (!server) throw new Error('no model server');
    return server;
  };
  const lastUserMessage = () =>
    contentOf(
      model()
        .requests.at(-1)
        ?.body.messages?.findLast((message) => message.role === 'user'),
    );

  it('gives the model a mention’s text without the mention, other Slack markup written out', async () => {
    const conversation = 'mention';
    await driver.sendUserMessage({
      conversation,
      user: 'U1',
      text: 'can <@U2|grace> and I return a laptop bought on <https://shop.example.com/sale|the sale page> &amp; keep the bag?',
    });
    const [answer] = await driver.waitForPosts(conversation, 1);
    expect(lastUserMessage()).toBe(
      'can @grace and I return a laptop bought on the sale page (https://shop.example.com/sale) & keep the bag?',
    );
    // The default model reply echoes the question: the answer is in the thread under the mention.
    expect(answer?.text).toContain('Echo: can @grace');
    const place = driver.placeOf(conversation);
    const [posted] = driver.messagesOf(conversation);
    expect(posted?.thread_ts).toBe(place.thread);
    expect(posted?.channel).toBe(place.channel);
  });

  it('escapes what the model writes so it cannot mention @channel or inject markup, and converts Markdown', async () => {
    model().enqueue({
      content:
        'Hey <!channel> and <@U2>! <script>alert(1)</script> Tom & Jerry > all. **Returns** take *30 days*, see [the policy](https://acme.example.com/returns?a=1&b=2).',
    });
    const conversation = 'escaping';
    await driver.sendUserMessage({ conversation, user: 'U1', text: 'Tell me about returns' });
    const [answer] = await driver.waitForPosts(conversation, 1);
    const [posted] = driver.messagesOf(conversation);
    const final = posted?.versions.at(-1);
    const text = sectionText(final?.blocks ?? []);
    expect(answer?.text).toBe(text);
    expect(text).toContain('Hey &lt;!channel&gt; and &lt;@U2&gt;!');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('Tom &amp; Jerry &gt; all.');
    expect(text).toContain('*Returns* take _30 days_');
    expect(text).toContain('<https://acme.example.com/returns?a=1&amp;b=2|the policy>');
    for (const version of posted?.versions ?? []) {
      const everything = JSON.stringify(version);
      expect(everything).not.toContain('<!channel>');
      expect(everything).not.toContain('<@U2>');
      expect(version.text).not.toContain('<script>');
    }
    // Sections are verbatim: Slack does not turn any plain text into mentions or links on its own.
    for (const block of final?.blocks ?? []) {
      if (block.type === 'section') expect((block.text as { verbatim?: boolean }).verbatim).toBe(true);
    }
  });

  it('lets the prompt use who is asking (userProfile from users.info)', async () => {
    const agents = (await (await driver.parley.request('GET', '/v1/agents')).json()) as {
      data: { id: string; system_prompt: string }[];
    };
    const demo = agents.data[0];
    expect(demo).toBeDefined();
    const patched = await driver.parley.request('PATCH', `/v1/agents/${demo?.id}`, {
      system_prompt: `${demo?.system_prompt}\nThe user is {{memory.sessionMeta.metadata.userProfile.name}} ({{memory.sessionMeta.metadata.userProfile.tz}}), writing in Slack channel {{memory.sessionMeta.metadata.channel_id}}.`,
    });
    expect(patched.status).toBe(200);
    try {
      const conversation = 'who-is-asking';
      await driver.sendUserMessage({ conversation, user: 'U1', text: 'Hello' });
      await driver.waitForPosts(conversation, 1);
      const system = contentOf(
        model()
          .requests.at(-1)
          ?.body.messages?.find((message) => message.role === 'system'),
      );
      expect(system).toContain(
        `The user is Ada (Europe/London), writing in Slack channel ${driver.placeOf(conversation).channel}.`,
      );
    } finally {
      await driver.parley.request('PATCH', `/v1/agents/${demo?.id}`, { system_prompt: demo?.system_prompt });
    }
  });

  it('hands over from the button: the webhook carries the Slack facts, the notice goes in the thread', async () => {
    const conversation = 'handover';
    await driver.sendUserMessage({ conversation, user: 'U2', text: 'My order is broken' });
    const [answer] = await driver.waitForPosts(conversation, 1);
    const escalate = answer?.buttons.find((button) => button.kind === 'escalate');
    expect(escalate).toBeDefined();
    if (!escalate) return;
    expect(await driver.press(conversation, 'U2', escalate)).toBe(200);
    const sessionId = await driver.sessionOf(conversation);
    const events = await receiver.waitFor((all) => all.some((event) => event.data.session_id === sessionId));
    const escalation = events.find((event) => event.data.session_id === sessionId);
    const place = driver.placeOf(conversation);
    expect(escalation?.data.context).toMatchObject({
      channel: 'slack',
      user_id: 'U2',
      metadata: {
        channel: 'slack',
        team_id: driver.api.teamId,
        channel_id: place.channel,
        thread_ts: place.thread,
        user_id: 'U2',
        userProfile: { name: 'Grace Hopper', real_name: 'Grace Hopper', tz: 'America/New_York' },
      },
    });
    const posts = await driver.waitForPosts(conversation, 2);
    expect(posts[1]?.text).toMatch(/person/i);
    expect(driver.messagesOf(conversation).every((message) => message.thread_ts === place.thread)).toBe(true);

    // Pressed again: the one who pressed is reminded privately; the thread keeps one notice.
    expect(await driver.press(conversation, 'U2', escalate)).toBe(200);
    const reminder = await driver.api.waitFor(() =>
      driver.api.callsTo('chat.postEphemeral').find((call) => call.body.user === 'U2'),
    );
    expect(String(reminder.body.text)).toMatch(/person/i);
    expect(driver.posts(conversation)).toHaveLength(2);
  });
});

describe('Slack answers written as they arrive', () => {
  let driver: SlackDriver;

  beforeAll(async () => {
    driver = await startSlackDriver({
      style: 'dm',
      environment: { PARLEY_OFFLINE_TOKEN_DELAY_MS: '15', PARLEY_SLACK_UPDATE_INTERVAL_MS: '60' },
    });
  });
  afterAll(async () => {
    await driver?.stop();
  });

  it('posts the first words, updates the message as tokens come, then adds sources and buttons', async () => {
    const conversation = 'slow';
    await driver.sendUserMessage({
      conversation,
      user: 'U1',
      text: 'How long do I have to return a laptop?',
    });
    const [answer] = await driver.waitForPosts(conversation, 1);
    const [posted] = driver.messagesOf(conversation);
    expect(posted && finished(posted)).toBe(true);
    const versions = posted?.versions ?? [];
    // One chat.postMessage, then chat.update: several in progress, and the final one.
    expect(
      driver.api.callsTo('chat.postMessage').filter((call) => call.body.channel === posted?.channel),
    ).toHaveLength(1);
    expect(versions.length).toBeGreaterThan(2);
    const texts = versions.map((version) => sectionText(version.blocks));
    for (let index = 1; index < texts.length; index += 1) {
      expect(texts[index]?.startsWith(texts[index - 1] ?? '')).toBe(true);
      // Each update in progress adds words; the final one adds the sources and buttons, and may add no
      // words when the last tokens came before the last update in progress (a busy machine).
      if (index < texts.length - 1)
        expect(texts[index]?.length).toBeGreaterThan(texts[index - 1]?.length ?? 0);
    }
    for (const version of versions.slice(0, -1)) {
      expect(version.blocks.at(-1)?.block_id).toBe('parley_progress');
    }
    const final = versions.at(-1)?.blocks ?? [];
    expect(final.map((block) => block.block_id ?? block.type)).toEqual([
      'section',
      'parley_sources',
      'parley_actions',
    ]);
    expect(answer?.text).toMatch(/45 days/);
    expect(answer?.sources).toEqual(['[1] acme-return-policy.pdf, p. 3']);
    const values = answer?.buttons.map((button) => {
      const element = (button.reference as { element: { value: string } }).element;
      return JSON.parse(element.value) as { session_id: string; message_id: string };
    });
    expect(new Set(values?.map((value) => value.message_id)).size).toBe(1);
    expect(values?.[0]?.session_id).toMatch(/^sess_/);
    expect(values?.[0]?.message_id).toMatch(/^msg_/);
  });
});
