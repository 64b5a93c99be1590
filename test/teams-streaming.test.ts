import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  botId,
  botName,
  postActivity,
  startTeamsDriver,
  type TeamsDriver,
  teamsMessage,
  tenantId,
  waitForLink,
} from './support/bot-framework-driver.js';
import type { BotFrameworkService, ServiceActivity } from './support/bot-framework-service.js';
import type { ParleyHarness } from './support/parley-harness.js';
import { dana, personal } from './support/teams-users.js';

interface StreamInfo {
  type: 'streaminfo';
  streamType: 'informative' | 'streaming' | 'final';
  streamId?: string;
  streamSequence?: number;
}

/** Waits until the connector knows the Teams message `postedId` as an answer of the conversation. */
async function waitForAnswerOf(parley: ParleyHarness, conversationKey: string, postedId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const link = await parley.running.store.findOne('channel_links', { conversation_key: conversationKey });
    if (link?.recent_answers?.some((answer) => answer.posted_id === postedId)) return;
    if (Date.now() > deadline) throw new Error(`no answer known as ${postedId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const streamInfoOf = (activity: ServiceActivity): StreamInfo | undefined =>
  activity.entities?.find((entity) => entity.type === 'streaminfo') as StreamInfo | undefined;

describe('Teams streaming, the AI label, the feedback loop and the greeting', () => {
  let driver: TeamsDriver;
  let service: BotFrameworkService;
  let parley: ParleyHarness;

  beforeAll(async () => {
    // Tokens come slowly enough for an answer to take a few seconds: long enough to be streamed.
    driver = await startTeamsDriver({ environment: { PARLEY_OFFLINE_TOKEN_DELAY_MS: '200' } });
    service = driver.service;
    parley = driver.parley;
  });
  afterAll(async () => {
    await driver?.stop();
  });

  const finalMessageIn = (conversationId: string) =>
    service.waitFor(
      () => service.activities(conversationId).find((activity) => activity.type === 'message'),
      30_000,
    );

  it('streams an answer in a personal chat: a status line, the text as it grows, then the final message', async () => {
    const conversation = personal();
    const question = teamsMessage({
      serviceUrl: service.url,
      conversation,
      user: dana,
      text: 'How long do I have to return a laptop?',
    });
    expect((await postActivity(parley, question)).status).toBe(200);
    const final = await finalMessageIn(conversation.id);

    const sent = service.activities(conversation.id);
    const updates = sent.filter((activity) => activity.type === 'typing' && streamInfoOf(activity));
    const informative = updates.filter((activity) => streamInfoOf(activity)?.streamType === 'informative');
    const chunks = updates.filter((activity) => streamInfoOf(activity)?.streamType === 'streaming');

    // First a status line while the documents are searched: it opens the stream.
    expect(updates[0]).toBe(informative[0]);
    expect(informative[0]?.text).toBe('Searching the documents…');
    expect(streamInfoOf(informative[0] as ServiceActivity)).toEqual({
      type: 'streaminfo',
      streamType: 'informative',
      streamSequence: 1,
    });
    const streamId = informative[0]?.id as string;

    // Then the text as it grows, each update naming the stream, in sequence.
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const sequences = updates.map((activity) => streamInfoOf(activity)?.streamSequence);
    expect(sequences).toEqual(updates.map((_, index) => index + 1));
    for (const chunk of updates.slice(1)) expect(streamInfoOf(chunk)?.streamId).toBe(streamId);
    const texts = chunks.map((chunk) => chunk.text ?? '');
    for (const [index, text] of texts.entries()) {
      expect(text.length).toBeGreaterThan(0);
      expect(texts[index + 1] ?? final.text).toContain(text);
    }

    // The final message ends the stream: the whole answer with its citations, the AI label, the feedback loop.
    expect(sent.indexOf(final)).toBeGreaterThan(sent.indexOf(chunks.at(-1) as ServiceActivity));
    expect(streamInfoOf(final)).toEqual({ type: 'streaminfo', streamType: 'final', streamId });
    expect(final.from?.id).toBe(botId);
    expect(final.text).toMatch(/45 days.*\[1\]/);
    expect(final.channelData).toEqual({ feedbackLoopEnabled: true });
    const label = final.entities?.find((entity) => entity.type === 'https://schema.org/Message');
    expect(label).toMatchObject({
      '@type': 'Message',
      '@context': 'https://schema.org',
      additionalType: ['AIGeneratedContent'],
      citation: [
        {
          '@type': 'Claim',
          position: 1,
          appearance: { '@type': 'DigitalDocument', name: 'acme-return-policy.pdf, page 3' },
        },
      ],
    });
    const [citation] = (label as { citation: { appearance: { abstract: string } }[] }).citation;
    expect(citation?.appearance.abstract).toContain('45 days');
    // Every update and the final message reply to the user's message.
    for (const activity of [...updates, final]) expect(activity.replyTo).toBe(question.id);
  });

  it('does not stream in a group chat: the typing indicator, then the answer as one message', async () => {
    const group = { id: '19:streaming-group@thread.v2', conversationType: 'groupChat' as const };
    const question = teamsMessage({
      serviceUrl: service.url,
      conversation: group,
      user: dana,
      text: 'How long do I have to return a laptop?',
      mention: true,
    });
    expect((await postActivity(parley, question)).status).toBe(200);
    const answer = await finalMessageIn(group.id);
    const sent = service.activities(group.id);
    expect(sent.some((activity) => activity.type === 'typing')).toBe(true);
    expect(sent.filter((activity) => streamInfoOf(activity))).toEqual([]);
    expect(sent.filter((activity) => activity.type === 'typing' && activity.text)).toEqual([]);
    expect(answer.text).toMatch(/45 days.*\[1\]/);
    expect(
      answer.entities?.find((entity) => entity.type === 'https://schema.org/Message')?.additionalType,
    ).toEqual(['AIGeneratedContent']);
  });

  it('stores Teams feedback (thumbs and comment) on the answer, visible through the API, after a restart too', async () => {
    const conversation = personal();
    const question = teamsMessage({
      serviceUrl: service.url,
      conversation,
      user: dana,
      text: 'Do you ship abroad?',
    });
    await postActivity(parley, question);
    const final = await finalMessageIn(conversation.id);
    const sessionId = await waitForLink(parley, `msteams:${conversation.id}`);
    await waitForAnswerOf(parley, `msteams:${conversation.id}`, final.id);

    const feedback = (reaction: 'like' | 'dislike', feedbackText: string) => ({
      type: 'invoke',
      name: 'message/submitAction',
      id: `f${Date.now()}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: service.url,
      from: { id: `29:${dana.aadObjectId}`, name: dana.name, aadObjectId: dana.aadObjectId },
      conversation: { id: conversation.id, conversationType: 'personal', tenantId },
      recipient: { id: botId, name: botName },
      replyToId: final.id,
      value: {
        actionName: 'feedback',
        actionValue: { reaction, feedback: JSON.stringify({ feedbackText }) },
      },
      channelData: { tenant: { id: tenantId } },
    });
    const feedbackOn = async () => {
      const history = await (
        await parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}/history`)
      ).json();
      return history.messages.find((message: { role: string }) => message.role === 'assistant')?.feedback;
    };

    expect((await postActivity(parley, feedback('dislike', 'It did not say which countries.'))).status).toBe(
      200,
    );
    expect(await feedbackOn()).toMatchObject({ rating: 'down', comment: 'It did not say which countries.' });

    // The server restarts: the answer is still known by its Teams message.
    await parley.restart();
    expect((await postActivity(parley, feedback('like', 'Clearer on second read.'))).status).toBe(200);
    expect(await feedbackOn()).toMatchObject({ rating: 'up', comment: 'Clearer on second read.' });
  });

  it('greets a person who adds the bot with the app’s greeting and its starter prompts as suggestions', async () => {
    const prompts = ['How long do I have to return a laptop?', 'Do you ship abroad?'];
    const patched = await parley.request('PATCH', `/v1/apps/${driver.appId}`, {
      greeting: 'Hi! I answer questions about Acme orders and returns.',
      starter_prompts: prompts,
    });
    expect(patched.status).toBe(200);

    const conversation = personal();
    const installed = {
      type: 'conversationUpdate',
      id: `i${Date.now()}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: service.url,
      from: { id: `29:${dana.aadObjectId}`, name: dana.name, aadObjectId: dana.aadObjectId },
      conversation: { id: conversation.id, conversationType: 'personal', tenantId },
      recipient: { id: botId, name: botName },
      membersAdded: [{ id: botId }],
      channelData: { tenant: { id: tenantId }, eventType: 'conversationUpdate' },
    };
    expect((await postActivity(parley, installed)).status).toBe(200);
    const greeting = await finalMessageIn(conversation.id);
    expect(greeting.text).toBe('Hi! I answer questions about Acme orders and returns.');
    expect(greeting.suggestedActions).toEqual({
      to: [`29:${dana.aadObjectId}`],
      actions: prompts.map((prompt) => ({ type: 'imBack', title: prompt, value: prompt })),
    });
    // A new message of its own, with no label: nothing generated it.
    expect(greeting.replyTo).toBeNull();
    expect(greeting.entities ?? []).toEqual([]);
  });
});
