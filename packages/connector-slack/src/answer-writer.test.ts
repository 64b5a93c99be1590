import type { ChannelAnswer } from '@parley/engine';
import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { SlackAnswerWriter, type SlackMessageApi, type WriterClock } from './answer-writer.js';
import type { SlackMessage } from './blocks.js';

interface Call {
  method: 'post' | 'update' | 'remove';
  at: number;
  message?: SlackMessage;
}

/** Slack's message methods in memory; `limited` calls answer 429 with Retry-After in seconds. */
function fakeSlack(limited: { method: Call['method']; retryAfter: number }[] = []) {
  let time = 0;
  const calls: Call[] = [];
  const clock: WriterClock = {
    now: () => time,
    sleep: async (ms) => {
      time += ms;
    },
  };
  const respond = (method: Call['method'], message?: SlackMessage) => {
    calls.push({ method, at: time, ...(message ? { message } : {}) });
    const limit = limited.findIndex((entry) => entry.method === method);
    if (limit >= 0) {
      const [entry] = limited.splice(limit, 1);
      throw new webApi.WebAPIRateLimitedError(entry?.retryAfter ?? 1);
    }
  };
  const api: SlackMessageApi = {
    post: async (_address, message) => {
      respond('post', message);
      return '111.000001';
    },
    update: async (_channel, _ts, message) => respond('update', message),
    remove: async () => respond('remove'),
  };
  return { api, clock, calls, advance: (ms: number) => (time += ms) };
}

const address = { team_id: 'T1', channel: 'C1', thread_ts: '100.1' };
const answer = (text: string): ChannelAnswer => ({
  text,
  citations: [{ id: 1, document_name: 'acme-return-policy.pdf', page_number: 3, excerpt: '…' }],
  sessionId: 'sess_1',
  messageId: 'msg_1',
  escalated: false,
});
const sectionsOf = (message: SlackMessage | undefined) =>
  (message?.blocks ?? [])
    .filter((block) => block.type === 'section')
    .map((block) => ('text' in block ? block.text?.text : ''));

describe('SlackAnswerWriter', () => {
  it('posts with the first words, updates, and finishes in the same message', async () => {
    const slack = fakeSlack();
    const writer = new SlackAnswerWriter(slack.api, address, slack.clock);
    await writer.working();
    await writer.update('Laptops');
    await writer.update('Laptops can be returned');
    await writer.finish(answer('Laptops can be returned within 45 days.'));
    expect(slack.calls.map((call) => call.method)).toEqual(['post', 'update', 'update']);
    expect(sectionsOf(slack.calls[0]?.message)).toEqual(['Laptops']);
    expect(slack.calls[0]?.message?.blocks.at(-1)?.block_id).toBe('parley_progress');
    expect(slack.calls[2]?.message?.blocks.map((block) => block.block_id ?? block.type)).toEqual([
      'section',
      'parley_sources',
      'parley_actions',
    ]);
  });

  it('posts the answer at once when no progress was shown', async () => {
    const slack = fakeSlack();
    const writer = new SlackAnswerWriter(slack.api, address, slack.clock);
    await writer.finish(answer('Short.'));
    expect(slack.calls.map((call) => call.method)).toEqual(['post']);
  });

  it('skips progress updates for as long as a 429 asks, and writes the final answer after it', async () => {
    const slack = fakeSlack([{ method: 'update', retryAfter: 2 }]);
    const writer = new SlackAnswerWriter(slack.api, address, slack.clock);
    await writer.update('one');
    await writer.update('one two'); // 429: Retry-After 2 s
    slack.advance(1_000);
    await writer.update('one two three'); // still paused: not sent
    expect(slack.calls.map((call) => call.method)).toEqual(['post', 'update']);
    await writer.finish(answer('one two three four'));
    const final = slack.calls.at(-1);
    expect(final?.method).toBe('update');
    expect(final?.at).toBeGreaterThanOrEqual(2_000);
    expect(sectionsOf(final?.message)).toEqual(['one two three four']);
  });

  it('retries the final answer after a 429, waiting as asked', async () => {
    const slack = fakeSlack([{ method: 'post', retryAfter: 3 }]);
    const writer = new SlackAnswerWriter(slack.api, address, slack.clock);
    await writer.finish(answer('Done.'));
    expect(slack.calls.map((call) => [call.method, call.at])).toEqual([
      ['post', 0],
      ['post', 3_000],
    ]);
  });

  it('removes the progress when the model stays quiet (a person answers)', async () => {
    const slack = fakeSlack();
    const writer = new SlackAnswerWriter(slack.api, address, slack.clock);
    await writer.finish({ ...answer(''), messageId: null });
    expect(slack.calls).toEqual([]);
    await writer.update('Hel');
    await writer.finish({ ...answer(''), messageId: null });
    expect(slack.calls.map((call) => call.method)).toEqual(['post', 'remove']);
  });

  it('keeps what was written when the turn fails, and says so', async () => {
    const slack = fakeSlack();
    const writer = new SlackAnswerWriter(slack.api, address, slack.clock);
    await writer.update('Laptops can');
    await writer.fail('Sorry, I could not answer just now.');
    expect(sectionsOf(slack.calls.at(-1)?.message)).toEqual([
      'Laptops can',
      '_Sorry, I could not answer just now._',
    ]);
  });

  it('throws errors other than rate limits (the bridge reports them)', async () => {
    const slack = fakeSlack();
    slack.api.post = async () => {
      throw new Error('channel_not_found');
    };
    const writer = new SlackAnswerWriter(slack.api, address, slack.clock);
    await expect(writer.update('x')).rejects.toThrow('channel_not_found');
  });
});
