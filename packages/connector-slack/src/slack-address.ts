import type { JsonObject } from '@parley/engine';

/** Where a conversation's messages go: a channel (or DM), and the thread when there is one. */
export interface SlackAddress {
  team_id: string;
  channel: string;
  /** null: top level (a DM without a thread). */
  thread_ts: string | null;
}

export function toJson(address: SlackAddress): JsonObject {
  return { team_id: address.team_id, channel: address.channel, thread_ts: address.thread_ts };
}

/** The address the bridge kept (opaque to it), read back. */
export function addressOf(json: JsonObject): SlackAddress {
  const channel = json.channel;
  if (typeof channel !== 'string' || channel === '') throw new Error('a Slack address names no channel');
  return {
    team_id: typeof json.team_id === 'string' ? json.team_id : '',
    channel,
    thread_ts: typeof json.thread_ts === 'string' && json.thread_ts !== '' ? json.thread_ts : null,
  };
}

/** One session per workspace, channel and thread; a DM outside a thread is one conversation. */
export function conversationKeyOf(address: SlackAddress): string {
  const base = `${address.team_id}:${address.channel}`;
  return address.thread_ts ? `${base}:${address.thread_ts}` : base;
}
