import type { types, webApi } from '@slack/bolt';
import type { SlackAddress } from './slack-address.js';
import type { SlackStreamApi, StreamChunk } from './stream-writer.js';

/** The Web API calls of assistant threads and streamed answers (Slack's AI app surfaces). */
export interface SlackAssistantApi extends SlackStreamApi {
  setTitle(channel: string, threadTs: string, title: string): Promise<void>;
  setSuggestedPrompts(
    channel: string,
    threadTs: string,
    prompts: { title: string; message: string }[],
  ): Promise<void>;
}

/** The calls, each with the workspace's client (found when the call is made). */
export function assistantApiOf(clientOf: () => Promise<webApi.WebClient>): SlackAssistantApi {
  return {
    start: async (address: SlackAddress, chunks: StreamChunk[]) => {
      const client = await clientOf();
      const started = await client.chat.startStream({
        channel: address.channel,
        thread_ts: address.thread_ts ?? '',
        chunks,
      });
      if (!started.ts) throw new Error('chat.startStream answered without a ts');
      return started.ts;
    },
    append: async (channel, ts, chunks) => {
      const client = await clientOf();
      await client.chat.appendStream({ channel, ts, chunks });
    },
    stop: async (channel, ts, chunks, blocks: types.KnownBlock[]) => {
      const client = await clientOf();
      await client.chat.stopStream({
        channel,
        ts,
        ...(chunks.length > 0 ? { chunks } : {}),
        ...(blocks.length > 0 ? { blocks } : {}),
      });
    },
    setStatus: async (address, status) => {
      const client = await clientOf();
      if (!address.thread_ts) return;
      await client.assistant.threads.setStatus({
        channel_id: address.channel,
        thread_ts: address.thread_ts,
        status,
      });
    },
    setTitle: async (channel, threadTs, title) => {
      const client = await clientOf();
      await client.assistant.threads.setTitle({ channel_id: channel, thread_ts: threadTs, title });
    },
    setSuggestedPrompts: async (channel, threadTs, prompts) => {
      const client = await clientOf();
      const [first, ...others] = prompts;
      if (!first) return;
      await client.assistant.threads.setSuggestedPrompts({
        channel_id: channel,
        thread_ts: threadTs,
        prompts: [first, ...others],
      });
    },
  };
}
