import type { ChannelAnswer } from '@parley/engine';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsStreamWriter } from './answer-writer.js';

const answer: ChannelAnswer = {
  text: 'Laptops: 45 days [1].',
  citations: [{ id: 1, document_name: 'policy.pdf', page_number: 3, excerpt: 'Laptops: 45 days.' }],
  sessionId: 'sess_1',
  messageId: 'msg_1',
  escalated: false,
};

/** A send that records each activity and answers with a new id, or fails where `refuse` says. */
function recorder(refuse: (activity: Partial<Activity>, index: number) => boolean = () => false) {
  const sent: Partial<Activity>[] = [];
  const send = async (activity: Partial<Activity>) => {
    const index = sent.length;
    sent.push(activity);
    if (refuse(activity, index))
      throw Object.assign(new Error('Content stream was cancelled by user'), { statusCode: 403 });
    return `act-${index + 1}`;
  };
  return { sent, send };
}

const streamInfo = (activity: Partial<Activity> | undefined) =>
  activity?.entities?.find((entity) => entity.type === 'streaminfo');

describe('the Teams stream writer (personal chats)', () => {
  it('stops showing the status line once the text streams, and remembers the final and stream ids', async () => {
    const { sent, send } = recorder();
    const writer = new TeamsStreamWriter(send, 0);
    await writer.working();
    await writer.working('search_knowledge');
    await writer.update('Laptops:');
    await writer.working('order_status');
    await writer.finish(answer);
    expect(sent.map((activity) => [activity.type, streamInfo(activity)?.streamType, activity.text])).toEqual([
      ['typing', undefined, undefined],
      ['typing', 'informative', 'Searching the documents…'],
      ['typing', 'streaming', 'Laptops:'],
      ['message', 'final', 'Laptops: 45 days [1].'],
    ]);
    expect(writer.postedIds()).toEqual(['act-4', 'act-2']);
  });

  it('ends an open stream with a failure notice as its final message', async () => {
    const { sent, send } = recorder();
    const writer = new TeamsStreamWriter(send, 0);
    await writer.working('search_knowledge');
    await writer.fail('Sorry, try again.');
    expect(sent.at(-1)).toMatchObject({ type: 'message', text: 'Sorry, try again.' });
    expect(streamInfo(sent.at(-1))).toEqual({ type: 'streaminfo', streamType: 'final', streamId: 'act-1' });
  });

  it('sends the answer as a message of its own when Teams refused an update', async () => {
    const { sent, send } = recorder((activity) => streamInfo(activity)?.streamType === 'streaming');
    const writer = new TeamsStreamWriter(send, 0);
    await writer.working('search_knowledge');
    await expect(writer.update('Laptops:')).rejects.toThrow(/cancelled/);
    await writer.update('Laptops: 45');
    await writer.finish(answer);
    expect(sent).toHaveLength(3);
    expect(sent.at(-1)).toMatchObject({ type: 'message', text: 'Laptops: 45 days [1].' });
    expect(streamInfo(sent.at(-1))).toBeUndefined();
  });

  it('without a stream, answers with a plain message, and posts nothing for a quiet answer', async () => {
    const { sent, send } = recorder();
    const writer = new TeamsStreamWriter(send, 0);
    await writer.finish({ ...answer, text: ' ' });
    expect(sent).toEqual([]);
    await writer.finish(answer);
    expect(sent).toHaveLength(1);
    expect(streamInfo(sent[0])).toBeUndefined();
    expect(sent[0]?.channelData).toEqual({ feedbackLoopEnabled: true });
  });
});
