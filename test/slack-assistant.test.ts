import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackChunk, SlackStoredMessage } from './support/slack-api-server.js';
import { type SlackDriver, slackSigningSecret, startSlackDriver } from './support/slack-driver.js';
import { blockActionsPayload, formBody, messageEvent, postToSlackEndpoint } from './support/slack-events.js';

const publicUrl = 'https://parley.example.com';

/**
 * Slack's Agents & AI Apps split pane: each conversation is a thread of the app's DM, opened by
 * `assistant_thread_started`. Answers there stream (`chat.startStream` …), or are posted and
 * updated in a workspace where Slack refuses to stream.
 */
describe('Slack assistant threads', () => {
  let driver: SlackDriver;
  let dms = 0;

  beforeAll(async () => {
    driver = await startSlackDriver({ style: 'dm', environment: { PARLEY_PUBLIC_URL: publicUrl } });
  });
  afterAll(async () => {
    await driver?.stop();
  });

  /** The user opens a new thread in the split pane: Slack sends `assistant_thread_started`. */
  const openThread = async () => {
    dms += 1;
    const channel = `D0ASSIST${dms}`;
    const threadTs = driver.nextTs();
    const started = await driver.sendEvent({
      type: 'assistant_thread_started',
      assistant_thread: {
        user_id: 'U1',
        context: { channel_id: 'C0SUPPORT1', team_id: driver.api.teamId, enterprise_id: null },
        channel_id: channel,
        thread_ts: threadTs,
      },
      event_ts: driver.nextTs(),
    });
    expect(started.status).toBe(200);
    return { channel, threadTs };
  };
  const ask = async (thread: { channel: string; threadTs: string }, text: string) => {
    const sent = await driver.sendEvent(
      messageEvent(
        {
          channel: thread.channel,
          channelType: 'im',
          user: 'U1',
          text,
          ts: driver.nextTs(),
          threadTs: thread.threadTs,
        },
        driver.api.teamId,
      ),
    );
    expect(sent.status).toBe(200);
  };
  const botMessagesIn = (thread: { channel: string; threadTs: string }) =>
    driver.api
      .messages(thread.channel, { thread: thread.threadTs })
      .filter((message) => message.user === driver.api.botUserId);
  const streamedAnswers = (thread: { channel: string; threadTs: string }, count: number) =>
    driver.api.waitFor(() => {
      const done = botMessagesIn(thread).filter((message) => message.stream?.stopped);
      return done.length >= count ? done : null;
    });
  const callsIn = (method: string, channel: string) =>
    driver.api.callsTo(method).filter((call) => call.body.channel === channel);

  it('offers the app’s starter prompts, titles the thread with its first question, shows a status and streams the answer with its sources', async () => {
    const thread = await openThread();
    const prompts = await driver.api.waitFor(() =>
      driver.api
        .assistantCalls(thread.channel, thread.threadTs)
        .find((call) => call.method === 'setSuggestedPrompts'),
    );
    expect(prompts.body.prompts).toEqual([
      { title: 'How long do I have to return a laptop?', message: 'How long do I have to return a laptop?' },
      { title: 'How much does express delivery cost?', message: 'How much does express delivery cost?' },
      { title: 'Where is my order #12345?', message: 'Where is my order #12345?' },
    ]);

    await ask(thread, 'How long do I have to return a laptop?');
    const [answer] = (await streamedAnswers(thread, 1)) as [SlackStoredMessage];
    const assistantCalls = driver.api.assistantCalls(thread.channel, thread.threadTs);
    expect(assistantCalls.find((call) => call.method === 'setTitle')?.body.title).toBe(
      'How long do I have to return a laptop?',
    );
    expect(assistantCalls.find((call) => call.method === 'setStatus')?.body.status).toBe('is thinking…');

    // Streamed, not posted: start, appends in order, stop.
    expect(callsIn('chat.postMessage', thread.channel)).toHaveLength(0);
    const streamCalls = driver.api.calls
      .filter((call) => call.body.channel === thread.channel && call.method.endsWith('Stream'))
      .map((call) => call.method);
    expect(streamCalls[0]).toBe('chat.startStream');
    expect(streamCalls.at(-1)).toBe('chat.stopStream');
    expect(streamCalls.slice(1, -1).length).toBeGreaterThan(0);
    expect(streamCalls.slice(1, -1).every((method) => method === 'chat.appendStream')).toBe(true);
    expect(answer.thread_ts).toBe(thread.threadTs);

    // The chunks, in the order they were sent, make the answer the session stored.
    const chunks = answer.stream?.chunks ?? [];
    const text = chunks
      .filter((chunk) => chunk.type === 'markdown_text')
      .map((chunk) => String(chunk.text))
      .join('');
    const sessionId = await sessionIdOf(answer);
    const transcript = (await (
      await driver.parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}`)
    ).json()) as {
      messages: { id: string; role: string; content: string; feedback?: { rating: string } | null }[];
    };
    const stored = transcript.messages.findLast((message) => message.role === 'assistant');
    expect(text).toBe(stored?.content);
    expect(text).toMatch(/45 days/);

    // The knowledge search is a task: in progress, then complete, before the words.
    const tasks = chunks.filter((chunk) => chunk.type === 'task_update' && chunk.id !== 'parley_sources');
    expect(tasks.map((task) => [task.title, task.status])).toEqual([
      ['Searching the documents', 'in_progress'],
      ['Searching the documents', 'complete'],
    ]);
    expect(chunks.indexOf(tasks[1] as SlackChunk)).toBeLessThan(
      chunks.findIndex((chunk) => chunk.type === 'markdown_text'),
    );

    // The sources are in the stream's final chunk: document name and page.
    const stop = callsIn('chat.stopStream', thread.channel)[0];
    const finalChunks = (stop?.body.chunks ?? []) as SlackChunk[];
    const sources = finalChunks.find((chunk) => chunk.id === 'parley_sources');
    expect(sources?.status).toBe('complete');
    const linked = (sources?.sources ?? []) as { url: string; text: string }[];
    const sourceTexts = linked.map((source) => source.text);
    expect(sourceTexts.length).toBeGreaterThan(0);
    for (const source of linked) {
      expect(source.text).toMatch(/^\[\d+\] .+, p\. \d+$/);
      expect(source.url.startsWith(publicUrl)).toBe(true);
    }
    expect(sourceTexts.join('\n')).toContain('return');
  });

  it('stores the rating of Slack’s feedback buttons under a streamed answer', async () => {
    const thread = await openThread();
    await ask(thread, 'How much does express delivery cost?');
    const [answer] = (await streamedAnswers(thread, 1)) as [SlackStoredMessage];
    const feedbackBlock = answer.stream?.blocks.find((block) => block.type === 'context_actions');
    const element = ((feedbackBlock?.elements ?? []) as Record<string, unknown>[])[0] as {
      type: string;
      action_id: string;
      negative_button: { value: string };
    };
    expect(element.type).toBe('feedback_buttons');
    const sessionId = await sessionIdOf(answer);

    // The user presses 👎: Slack sends a signed block_actions payload with that button's value.
    const payload = blockActionsPayload({
      teamId: driver.api.teamId,
      user: 'U1',
      channel: thread.channel,
      message: {
        ts: answer.ts,
        thread_ts: answer.thread_ts,
        text: answer.versions.at(-1)?.text ?? '',
        blocks: answer.stream?.blocks ?? [],
        user: answer.user,
        bot_id: answer.bot_id,
      },
      action: {
        action_id: element.action_id,
        block_id: String(feedbackBlock?.block_id),
        value: element.negative_button.value,
        text: '👎',
      },
    });
    const actions = payload.actions as Record<string, unknown>[];
    actions[0] = { ...actions[0], type: 'feedback_buttons' };
    const pressed = await postToSlackEndpoint(
      driver.endpoint,
      slackSigningSecret,
      formBody(payload),
      'application/x-www-form-urlencoded',
    );
    expect(pressed.status).toBe(200);
    const thanks = await driver.api.waitFor(() =>
      driver.api.callsTo('chat.postEphemeral').find((call) => call.body.channel === thread.channel),
    );
    expect(thanks.body).toMatchObject({ user: 'U1', text: 'Thanks for the feedback.' });

    const transcript = (await (
      await driver.parley.request('GET', `/v1/apps/${driver.appId}/sessions/${sessionId}`)
    ).json()) as { messages: { role: string; feedback?: { rating: string } | null }[] };
    expect(transcript.messages.findLast((message) => message.role === 'assistant')?.feedback?.rating).toBe(
      'down',
    );
  });

  it('posts and updates the answer when Slack refuses to stream, and does not try streaming again in that workspace', async () => {
    driver.api.failNext('chat.startStream', 'not_allowed');
    const thread = await openThread();
    await ask(thread, 'How long do I have to return a laptop?');
    const posted = await driver.api.waitFor(() => {
      const [message] = botMessagesIn(thread);
      const blocks = message?.versions.at(-1)?.blocks ?? [];
      return blocks.some((block) => block.block_id === 'parley_sources') ? message : null;
    });
    // Today's answer: sections, the sources block and the buttons, in the thread.
    const final = posted.versions.at(-1)?.blocks ?? [];
    expect(posted.thread_ts).toBe(thread.threadTs);
    expect(final.some((block) => block.block_id === 'parley_actions')).toBe(true);
    expect(JSON.stringify(final.find((block) => block.block_id === 'parley_sources'))).toMatch(/, p\. \d+/);
    expect(callsIn('chat.startStream', thread.channel)).toHaveLength(1);
    expect(callsIn('chat.update', thread.channel).length).toBeGreaterThan(0);

    // The next answer in the workspace, in another thread, is posted at once: no stream is tried.
    const next = await openThread();
    await ask(next, 'How much does express delivery cost?');
    await driver.api.waitFor(() => {
      const [message] = botMessagesIn(next);
      const blocks = message?.versions.at(-1)?.blocks ?? [];
      return blocks.some((block) => block.block_id === 'parley_actions') ? message : null;
    });
    expect(callsIn('chat.startStream', next.channel)).toHaveLength(0);
    // The thread still shows that the agent works.
    expect(
      driver.api.assistantCalls(next.channel, next.threadTs).some((call) => call.method === 'setStatus'),
    ).toBe(true);
  });

  /** The session the answer belongs to, from its feedback or escalate button's value. */
  async function sessionIdOf(answer: SlackStoredMessage): Promise<string> {
    const blocks = answer.stream?.blocks ?? answer.versions.at(-1)?.blocks ?? [];
    for (const block of blocks) {
      for (const element of (block.elements ?? []) as Record<string, unknown>[]) {
        const value =
          (element.value as string | undefined) ??
          (element.positive_button as { value?: string } | undefined)?.value;
        if (value) return (JSON.parse(value) as { session_id: string }).session_id;
      }
    }
    throw new Error('no button names the session');
  }
});
