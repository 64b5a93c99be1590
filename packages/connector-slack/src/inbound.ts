import type { InboundMessage, JsonObject } from '@parley/engine';
import { conversationKeyOf, type SlackAddress, toJson } from './slack-address.js';
import { plainTextOf } from './slack-text.js';

/** The fields of a `message` or `app_mention` event the connector reads (Slack's Events API shape). */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  bot_profile?: unknown;
  app_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  team?: string;
}

/** The envelope around an event (`event_callback`). */
export interface SlackEnvelope {
  team_id?: string;
  event_id?: string;
  authorizations?: { user_id?: string; team_id?: string }[];
}

export type SlackTurn =
  /** A DM or a mention: answered. */
  | { kind: 'answer'; message: InboundMessage }
  /** A reply in a channel thread: answered when the bot is in that thread (it has a session). */
  | { kind: 'thread_reply'; message: InboundMessage }
  | { kind: 'ignore'; reason: string };

/** Subtypes that are still a person writing; every other subtype (edits, deletions, joins, bots…) is not a turn. */
const personSubtypes = new Set(['thread_broadcast']);

/**
 * What a Slack event means for the agent. Conversations: a DM outside a thread
 * is one conversation (answers at the top level of the DM); a thread, in a DM or
 * a channel, is one; a mention outside a thread starts a thread under it.
 * `deliveryId` is the message itself (team, channel, ts), so Slack's retries and
 * the `app_mention` + `message` pair one mention produces are answered once.
 */
export function turnOf(
  event: SlackMessageEvent,
  envelope: SlackEnvelope,
  botUserId: string | null,
): SlackTurn {
  if (event.type !== 'message' && event.type !== 'app_mention') return ignore('not a message');
  if (event.subtype !== undefined && !personSubtypes.has(event.subtype))
    return ignore(`subtype ${event.subtype}`);
  if (event.bot_id || event.bot_profile) return ignore('written by a bot');
  if (!event.user || !event.channel || !event.ts) return ignore('no user, channel or ts');
  const self = botUserId ?? envelope.authorizations?.[0]?.user_id ?? null;
  if (self !== null && event.user === self) return ignore('written by this bot');

  const team = envelope.team_id ?? event.team ?? '';
  const inThread = event.thread_ts !== undefined && event.thread_ts !== event.ts;
  const isDirect = event.channel_type === 'im' || event.channel.startsWith('D');
  const mentioned = event.type === 'app_mention';
  const address: SlackAddress = {
    team_id: team,
    channel: event.channel,
    thread_ts: inThread ? (event.thread_ts ?? null) : isDirect ? null : mentioned ? event.ts : null,
  };
  if (!isDirect && !mentioned && !inThread) return ignore('a channel message not addressed to the bot');

  const message: InboundMessage = {
    channel: 'slack',
    conversationKey: conversationKeyOf(address),
    deliveryId: `${team}:${event.channel}:${event.ts}`,
    text: plainTextOf(event.text ?? '', self, { mentioned }),
    userId: event.user,
    metadata: metadataOf(event, address),
    address: toJson(address),
  };
  if (isDirect || mentioned) return { kind: 'answer', message };
  return { kind: 'thread_reply', message };
}

function metadataOf(event: SlackMessageEvent, address: SlackAddress): JsonObject {
  return {
    channel: 'slack',
    team_id: address.team_id,
    channel_id: address.channel,
    channel_type: event.channel_type ?? channelTypeOf(address.channel),
    thread_ts: address.thread_ts,
    user_id: event.user ?? null,
  };
}

/** Slack's id prefixes: C a public channel, G a private one (or an old group DM), D a DM. */
function channelTypeOf(channel: string): string {
  if (channel.startsWith('D')) return 'im';
  if (channel.startsWith('G')) return 'group';
  return 'channel';
}

function ignore(reason: string): SlackTurn {
  return { kind: 'ignore', reason };
}
