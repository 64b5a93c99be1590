import type { AnswerWriter, ChannelAnswer } from '@parley/engine';
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { WriterClock } from './answer-writer.js';
import { StreamingRefusals } from './assistant-thread.js';
import { type SlackStreamApi, SlackStreamWriter, type StreamChunk } from './stream-writer.js';

interface Call {
  method: 'start' | 'append' | 'stop' | 'setStatus';
  chunks: StreamChunk[];
}

/** Slack's streaming methods in memory: `refuse` makes `chat.startStream` answer that error, `limited` a 429. */
function fakeSlack(options: { refuse?: string; limited?: Call['method'][] } = {}) {
  let time = 0;
  const calls: Call[] = [];
  const limited = [...(options.limited ?? [])];
  const clock: WriterClock = {
    now: () => time,
    sleep: async (ms) => {
      time += ms;
    },
  };
  const respond = (method: Call['method'], chunks: StreamChunk[] = []) => {
    calls.push({ method, chunks });
    const limit = limited.indexOf(method);
    if (limit >= 0) {
      limited.splice(limit, 1);
      throw new webApi.WebAPIRateLimitedError(2);
    }
  };
  const api: SlackStreamApi = {
    start: async (_address, chunks) => {
      if (options.refuse) {
        calls.push({ method: 'start', chunks });
        throw Object.assign(new Error(`An API error occurred: ${options.refuse}`), {
          code: 'slack_webapi_platform_error',
          data: { ok: false, error: options.refuse },
        });
      }
      respond('start', chunks);
      return '200.000001';
    },
    append: async (_channel, _ts, chunks) => respond('append', chunks),
    stop: async (_channel, _ts, chunks) => respond('stop', chunks),
    setStatus: async () => respond('setStatus'),
  };
  const posted: string[] = [];
  const fallback = (): AnswerWriter => ({
    working: async () => {},
    update: async (text) => void posted.push(`update:${text}`),
    finish: async (answer) => void posted.push(`finish:${answer.text}`),
    fail: async (message) => void posted.push(`fail:${message}`),
  });
  return { api, clock, calls, posted, fallback };
}

const address = { team_id: 'T1', channel: 'D1', thread_ts: '100.1' };
const answer = (text: string): ChannelAnswer => ({
  text,
  citations: [{ id: 1, document_name: 'acme-return-policy.pdf', page_number: 3, excerpt: '…' }],
  sessionId: 'sess_1',
  messageId: 'msg_1',
  escalated: false,
});
const textOf = (calls: Call[]) =>
  calls
    .flatMap((call) => call.chunks)
    .filter((chunk) => chunk.type === 'markdown_text')
    .map((chunk) => (chunk as { text: string }).text)
    .join('');

describe('SlackStreamWriter', () => {
  it('streams only what is new, each tool as a task, and ends with the sources as text without a public URL', async () => {
    const slack = fakeSlack();
    const writer = new SlackStreamWriter({
      api: slack.api,
      address,
      fallback: slack.fallback,
      refusals: new StreamingRefusals(),
      clock: slack.clock,
    });
    await writer.working();
    await writer.tool({ tool: 'search_knowledge', status: 'started' });
    await writer.tool({ tool: 'search_knowledge', status: 'completed' });
    await writer.update('Laptops can be ');
    await writer.update('Laptops can be returned <!channel>');
    await writer.finish(answer('Laptops can be returned <!channel> within 45 days.'));
    expect(slack.calls.map((call) => call.method)).toEqual([
      'setStatus',
      'start',
      'append',
      'append',
      'append',
      'append',
      'stop',
    ]);
    expect(slack.calls[1]?.chunks).toEqual([
      { type: 'task_update', id: 'parley_tool_1', title: 'Searching the documents', status: 'in_progress' },
    ]);
    expect(slack.calls[2]?.chunks[0]).toMatchObject({ id: 'parley_tool_1', status: 'complete' });
    expect(textOf(slack.calls.slice(0, -1))).toBe('Laptops can be returned &lt;!channel> within 45 days.');
    expect(textOf(slack.calls.slice(-1))).toContain('[1] acme-return-policy.pdf, p. 3');
    expect(slack.posted).toEqual([]);
  });

  it('falls back to posting when Slack refuses, and remembers a workspace’s refusal', async () => {
    const refusals = new StreamingRefusals();
    const refused = fakeSlack({ refuse: 'not_allowed' });
    const writer = new SlackStreamWriter({ api: refused.api, address, fallback: refused.fallback, refusals });
    await writer.update('Hello');
    await writer.update('Hello there');
    await writer.finish(answer('Hello there.'));
    expect(refused.calls.filter((call) => call.method === 'start')).toHaveLength(1);
    expect(refused.posted).toEqual(['update:Hello', 'update:Hello there', 'finish:Hello there.']);
    expect(refusals.refused('T1')).toBe(true);

    // A failure that is not the workspace's falls back for that answer only.
    const other = new StreamingRefusals();
    const broken = fakeSlack({ refuse: 'internal_error' });
    const once = new SlackStreamWriter({
      api: broken.api,
      address,
      fallback: broken.fallback,
      refusals: other,
    });
    await once.finish(answer('Hi.'));
    expect(broken.posted).toEqual(['finish:Hi.']);
    expect(other.refused('T1')).toBe(false);
  });

  it('gives Slack a task update it missed after a 429 with the stream’s last call', async () => {
    const slack = fakeSlack({ limited: ['append'] });
    const writer = new SlackStreamWriter({
      api: slack.api,
      address,
      fallback: slack.fallback,
      refusals: new StreamingRefusals(),
      clock: slack.clock,
    });
    await writer.tool({ tool: 'search_knowledge', status: 'started' });
    await writer.tool({ tool: 'search_knowledge', status: 'completed' });
    await writer.finish(answer('Done.'));
    expect(slack.calls.at(-1)?.chunks[0]).toMatchObject({ id: 'parley_tool_1', status: 'complete' });
  });

  it('skips an update Slack rate limits, then writes the whole answer after waiting', async () => {
    const slack = fakeSlack({ limited: ['append'] });
    const writer = new SlackStreamWriter({
      api: slack.api,
      address,
      fallback: slack.fallback,
      refusals: new StreamingRefusals(),
      clock: slack.clock,
    });
    await writer.update('One');
    await writer.update('One two');
    await writer.update('One two three');
    await writer.finish(answer('One two three.'));
    const written = slack.calls.filter((call, index) => !(call.method === 'append' && index === 1));
    expect(textOf(written.slice(0, -1))).toBe('One two three.');
    expect(slack.calls.at(-1)?.method).toBe('stop');
  });

  it('says a failure at the end of the stream, and posts nothing for a quiet answer', async () => {
    const slack = fakeSlack();
    const writer = new SlackStreamWriter({
      api: slack.api,
      address,
      fallback: slack.fallback,
      refusals: new StreamingRefusals(),
    });
    await writer.update('Partial');
    await writer.fail('Sorry, try again.');
    expect(slack.calls.at(-1)?.method).toBe('stop');
    expect(textOf(slack.calls)).toBe('Partial\n\n_Sorry, try again._');

    const quiet = fakeSlack();
    const silent = new SlackStreamWriter({
      api: quiet.api,
      address,
      fallback: quiet.fallback,
      refusals: new StreamingRefusals(),
    });
    await silent.working();
    await silent.finish({ ...answer(''), messageId: null, escalated: true });
    // Only the status, set and then cleared: nothing is posted.
    expect(quiet.calls.map((call) => call.method)).toEqual(['setStatus', 'setStatus']);
    expect(quiet.posted).toEqual([]);
  });
});
