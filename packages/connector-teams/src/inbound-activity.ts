import { randomUUID } from 'node:crypto';
import type { InboundMessage, JsonObject } from '@parley/engine';
import { type Activity, type ConversationReference, type Mention, TurnContext } from 'botbuilder';
import type { ParleyAction, ParleyActionData } from './outbound-activity.js';

/** The platform name, as session metadata and webhooks show it. */
export const teamsChannel = 'msteams';

/** A card button pressed under an answer. */
export interface TeamsCardAction {
  data: ParleyActionData;
  conversationKey: string;
  address: JsonObject;
}

/** Teams' feedback on an answer (its thumbs and comment box): an invoke `message/submitAction`. */
export interface TeamsFeedback {
  /** The id of the bot's message the feedback is about. */
  answerActivityId: string;
  rating: 'up' | 'down';
  comment: string | null;
  conversationKey: string;
}

/** The bot was added to a conversation: greet there (in a personal chat). */
export interface TeamsInstall {
  address: JsonObject;
  conversationType: string;
  /** The user who added it (the greeting's suggested actions are for them). */
  userId: string;
  metadata: JsonObject;
}

/** What an incoming activity asks of Parley. */
export type TeamsInbound =
  | { kind: 'message'; message: InboundMessage }
  | { kind: 'action'; action: TeamsCardAction }
  | { kind: 'feedback'; feedback: TeamsFeedback }
  | { kind: 'installed'; install: TeamsInstall }
  | { kind: 'ignore'; reason: string };

const parleyActions: ReadonlySet<string> = new Set<ParleyAction>([
  'feedback_up',
  'feedback_down',
  'escalate',
]);

/**
 * Reads a Bot Framework activity from Teams: a message in a personal chat, a group
 * chat or a channel (where the bot must be mentioned, and the mention is taken out of
 * the text), the press of a Parley card button, Teams' feedback on an answer, or the
 * bot being added to a conversation. Everything else is ignored.
 */
export function readActivity(activity: Activity): TeamsInbound {
  if (activity.type !== 'message' && activity.type !== 'invoke' && activity.type !== 'conversationUpdate')
    return { kind: 'ignore', reason: `activity type ${activity.type}` };
  if (!activity.conversation?.id || !activity.serviceUrl || !activity.from?.id)
    return { kind: 'ignore', reason: 'no conversation, service URL or sender' };
  if (activity.type === 'invoke') return readInvoke(activity);
  if (activity.type === 'conversationUpdate') return readConversationUpdate(activity);
  if (activity.recipient?.id && activity.from.id === activity.recipient.id)
    return { kind: 'ignore', reason: 'the bot’s own message' };

  const conversationId = threadConversationId(activity);
  const conversationKey = `${teamsChannel}:${conversationId}`;
  const address = addressOf(activity, conversationId);

  const data = actionData(activity.value);
  if (data) return { kind: 'action', action: { data, conversationKey, address } };

  const conversationType = activity.conversation.conversationType ?? 'personal';
  if (conversationType !== 'personal' && !mentionsRecipient(activity))
    return { kind: 'ignore', reason: 'not mentioned in a group chat or channel' };

  const userId = activity.from.aadObjectId ?? activity.from.id;
  return {
    kind: 'message',
    message: {
      channel: teamsChannel,
      conversationKey,
      deliveryId: activity.id ?? randomUUID(),
      text: messageText(activity),
      userId,
      metadata: metadataOf(activity, conversationId),
      address,
    },
  };
}

/** The Teams facts kept in a session's metadata (and read by a greeting's `{{…}}`). */
function metadataOf(activity: Activity, conversationId: string): JsonObject {
  const conversationType = activity.conversation.conversationType ?? 'personal';
  const userId = activity.from.aadObjectId ?? activity.from.id;
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const metadata: JsonObject = {
    channel: teamsChannel,
    tenant_id: activity.conversation.tenantId ?? channelData.tenant?.id ?? null,
    conversation_id: conversationId,
    conversation_type: conversationType,
    user_id: userId,
    userProfile: { name: activity.from.name ?? null },
  };
  if (channelData.team?.id) metadata.team_id = channelData.team.id;
  if (channelData.channel?.id) metadata.channel_id = channelData.channel.id;
  return metadata;
}

/**
 * Teams' feedback loop: `message/submitAction` with `actionName: 'feedback'` and
 * `actionValue: { reaction: 'like' | 'dislike', feedback: '{"feedbackText":"…"}' }`,
 * replying to the answer it rates.
 */
function readInvoke(activity: Activity): TeamsInbound {
  if (activity.name !== 'message/submitAction') return { kind: 'ignore', reason: `invoke ${activity.name}` };
  const value = (activity.value ?? {}) as { actionName?: unknown; actionValue?: unknown };
  if (value.actionName !== 'feedback')
    return { kind: 'ignore', reason: 'a submit action other than feedback' };
  const actionValue = (value.actionValue ?? {}) as { reaction?: unknown; feedback?: unknown };
  const rating = actionValue.reaction === 'like' ? 'up' : actionValue.reaction === 'dislike' ? 'down' : null;
  if (!rating || !activity.replyToId)
    return { kind: 'ignore', reason: 'feedback without a reaction or answer' };
  const conversationKey = `${teamsChannel}:${threadConversationId(activity)}`;
  return {
    kind: 'feedback',
    feedback: {
      answerActivityId: activity.replyToId,
      rating,
      comment: feedbackText(actionValue.feedback),
      conversationKey,
    },
  };
}

/** The comment of Teams' feedback form: `feedbackText` of a JSON text (or object); null when empty. */
export function feedbackText(feedback: unknown): string | null {
  let form: unknown = feedback;
  if (typeof feedback === 'string') {
    try {
      form = JSON.parse(feedback);
    } catch {
      return feedback.trim() || null;
    }
  }
  const text = (form as { feedbackText?: unknown } | null)?.feedbackText;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}

/** `conversationUpdate` naming the bot among `membersAdded`: the bot was added (installed) there. */
function readConversationUpdate(activity: Activity): TeamsInbound {
  const botId = activity.recipient?.id;
  const added = (activity.membersAdded ?? []).some((member) => botId && member.id === botId);
  if (!added) return { kind: 'ignore', reason: 'a conversation update other than the bot being added' };
  const conversationId = activity.conversation.id;
  const { activityId: _replyTo, ...address } = addressOf(activity, conversationId);
  return {
    kind: 'installed',
    install: {
      address,
      conversationType: activity.conversation.conversationType ?? 'personal',
      userId: activity.from.id,
      metadata: metadataOf(activity, conversationId),
    },
  };
}

/**
 * The text a person wrote: the bot's `<at>` mention removed, other mentions kept as the
 * names they show, and Teams' non-breaking spaces made plain.
 */
export function messageText(activity: Activity): string {
  const copy = { ...activity, text: activity.text ?? '' } as Activity;
  const text = copy.recipient?.id ? TurnContext.removeRecipientMention(copy) : copy.text;
  return (text ?? '')
    .replace(/<at[^>]*>(.*?)<\/at>/gi, '$1')
    .replaceAll('&nbsp;', ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The conversation a reply belongs to. In a channel, Teams names the reply chain as
 * `<channel conversation>;messageid=<root message>`: one session per chain.
 */
export function threadConversationId(activity: Activity): string {
  const id = activity.conversation.id;
  if (activity.conversation.conversationType !== 'channel' || id.includes(';messageid=')) return id;
  const root = activity.replyToId ?? activity.id;
  return root ? `${id};messageid=${root}` : id;
}

/** Where replies go: the activity's conversation reference, as plain JSON for the store. */
function addressOf(activity: Activity, conversationId: string): JsonObject {
  const reference: Partial<ConversationReference> = TurnContext.getConversationReference(activity);
  reference.conversation = { ...activity.conversation, id: conversationId };
  return JSON.parse(JSON.stringify(reference)) as JsonObject;
}

/** The stored address as a conversation reference; null when it is not one. */
export function referenceOf(address: JsonObject): Partial<ConversationReference> | null {
  const conversation = address.conversation as { id?: unknown } | null | undefined;
  if (typeof address.serviceUrl !== 'string' || typeof conversation?.id !== 'string') return null;
  return address as unknown as Partial<ConversationReference>;
}

function mentionsRecipient(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  if (!botId) return false;
  return TurnContext.getMentions(activity).some((mention: Mention) => mention.mentioned?.id === botId);
}

function actionData(value: unknown): ParleyActionData | null {
  if (typeof value !== 'object' || value === null) return null;
  const data = value as Record<string, unknown>;
  const action = data.parley_action;
  if (typeof action !== 'string' || !parleyActions.has(action)) return null;
  if (typeof data.session_id !== 'string' || typeof data.message_id !== 'string') return null;
  return {
    parley_action: action as ParleyAction,
    session_id: data.session_id,
    message_id: data.message_id,
  };
}

/** The tenants an activity names (`conversation.tenantId`, `channelData.tenant.id`), without repeats. */
export function tenantsOf(activity: Partial<Activity>): string[] {
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const named = [activity.conversation?.tenantId, channelData.tenant?.id];
  return [...new Set(named.filter((id): id is string => typeof id === 'string' && id !== ''))];
}

/**
 * Whether an activity comes from `tenantId` (the bot's own tenant, for a single-tenant
 * bot): every tenant it names must be that one (ids compared without case), and it must
 * name one. Without a configured tenant, every activity does.
 */
export function fromTenant(activity: Partial<Activity>, tenantId: string | undefined): boolean {
  const wanted = tenantId?.trim().toLowerCase();
  if (!wanted) return true;
  const tenants = tenantsOf(activity);
  return tenants.length > 0 && tenants.every((id) => id.trim().toLowerCase() === wanted);
}

/**
 * Whether a `serviceUrl` points at this machine (`localhost`, `127.0.0.0/8`, `[::1]`),
 * as the Bot Framework Emulator's does. Without authentication nothing vouches for an
 * activity's `serviceUrl`, and Parley would send replies (and store the address) there:
 * only a loopback one is taken then. The text itself must name the host literally, so
 * that no parser reads another host out of it.
 */
export function isLoopbackServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  if (!/^https?:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?(?:\/|$)/i.test(serviceUrl))
    return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The parts of Teams' `channelData` Parley reads. */
interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
}
