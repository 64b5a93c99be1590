import {
  type BotFrameworkService,
  type ServiceActivity,
  startBotFrameworkService,
} from './bot-framework-service.js';
import type {
  ChannelAnswerUpdate,
  ChannelButton,
  ChannelDriver,
  ChannelPlace,
  ChannelPostSeen,
} from './channel-contract.js';
import { type HarnessOptions, type ParleyHarness, startParleyHarness } from './parley-harness.js';

export const botId = '28:parley-test-bot';
export const botName = 'Parley';
export const tenantId = 'tenant-0000-test';

export interface TeamsUser {
  /** The AAD object id (Parley's `user_id`). */
  aadObjectId: string;
  name: string;
}

export interface TeamsConversation {
  id: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
}

let activityCounter = 0;

/**
 * A message activity as Teams sends it (the shape the Bot Framework documents): the
 * sender with their AAD object id, the bot as recipient, the tenant in the conversation
 * and `channelData`, and the mention entity when the bot is mentioned.
 */
export function teamsMessage(input: {
  serviceUrl: string;
  conversation: TeamsConversation;
  user: TeamsUser;
  text?: string;
  id?: string;
  /** Mention the bot: `<at>Parley</at>` is put before the text, with its entity. */
  mention?: boolean;
  value?: Record<string, unknown>;
  replyToId?: string;
  channelData?: Record<string, unknown>;
}): Record<string, unknown> {
  const id = input.id ?? `1${String(Date.now()).slice(-9)}${++activityCounter}`;
  const mentionText = `<at>${botName}</at>`;
  const text = input.mention ? `${mentionText} ${input.text ?? ''}` : input.text;
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: input.serviceUrl,
    from: {
      id: `29:${input.user.aadObjectId}`,
      name: input.user.name,
      aadObjectId: input.user.aadObjectId,
    },
    conversation: {
      id: input.conversation.id,
      conversationType: input.conversation.conversationType,
      tenantId,
      ...(input.conversation.conversationType === 'personal' ? {} : { isGroup: true }),
    },
    recipient: { id: botId, name: botName },
    ...(text !== undefined ? { text, textFormat: 'plain' } : {}),
    ...(input.value ? { value: input.value } : {}),
    ...(input.replyToId ? { replyToId: input.replyToId } : {}),
    locale: 'en-US',
    entities: [
      ...(input.mention
        ? [{ type: 'mention', text: mentionText, mentioned: { id: botId, name: botName } }]
        : []),
      { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Berlin' },
    ],
    channelData: { tenant: { id: tenantId }, ...input.channelData },
  };
}

/** Posts an activity to Parley's messaging endpoint, as the Bot Framework service would. */
export async function postActivity(
  parley: ParleyHarness,
  activity: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${parley.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
}

/** What a Teams user sees of a bot message: the text as shown, the card's sources and buttons. */
export function seenPost(activity: ServiceActivity): ChannelPostSeen {
  const card = activity.attachments?.find(
    (attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content as
    | {
        body?: { type: string; text?: string }[];
        actions?: { type: string; data?: Record<string, string> }[];
      }
    | undefined;
  const sources = (card?.body ?? [])
    .map((element) => element.text ?? '')
    .filter((text) => /^\[\d+\] /.test(text))
    .map((text) => text.replace(/^\[\d+\] /, '').replace(/\\(.)/g, '$1'));
  const buttons: ChannelButton[] = (card?.actions ?? [])
    .filter((action) => action.type === 'Action.Submit' && typeof action.data?.parley_action === 'string')
    .map((action) => ({
      kind: action.data?.parley_action as ChannelButton['kind'],
      reference: { data: action.data, activityId: activity.id },
    }));
  // Teams' own thumbs (and comment box) under an answer: its feedback names this message.
  const feedbackLoop = (activity.channelData as { feedbackLoopEnabled?: boolean } | undefined)
    ?.feedbackLoopEnabled;
  return {
    text: shownText(activity.text ?? ''),
    sources,
    buttons,
    ...(feedbackLoop ? { nativeFeedback: { activityId: activity.id } } : {}),
  };
}

interface StreamInfo {
  streamType?: string;
  streamId?: string;
  streamSequence?: number;
}

/**
 * The streaming updates (`typing` with a `streaminfo`: `informative`, a status line; `streaming`,
 * the text so far) before the latest message of a conversation, as Teams shows them: one stream,
 * its sequence growing (an update whose sequence is not above the last one shown is dropped, as
 * Teams drops it).
 */
export function streamedUpdatesBeforeLatest(activities: ServiceActivity[]): ChannelAnswerUpdate[] {
  const messages = activities.flatMap((activity, index) => (activity.type === 'message' ? [index] : []));
  const end = messages.at(-1) ?? activities.length;
  const start = (messages.at(-2) ?? -1) + 1;
  const shown: ChannelAnswerUpdate[] = [];
  let sequence = 0;
  let streamId: string | undefined;
  for (const activity of activities.slice(start, end)) {
    const info = activity.entities?.find((entity) => entity.type === 'streaminfo') as StreamInfo | undefined;
    if (activity.type !== 'typing' || !info) continue;
    if ((info.streamSequence ?? 0) <= sequence) continue;
    if (sequence > 0 && info.streamId !== streamId) continue;
    streamId ??= activity.id;
    sequence = info.streamSequence ?? sequence;
    const kind = info.streamType === 'informative' ? 'status' : 'text';
    shown.push({ kind, text: shownText(activity.text ?? '') });
  }
  return shown;
}

/** Teams shows `&lt;` as `<`: the text a person reads. */
export function shownText(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

export interface TeamsDriver extends ChannelDriver {
  service: BotFrameworkService;
  /** The Teams conversation id the driver uses for a contract conversation. */
  conversationId(conversation: string): string;
}

/**
 * Parley with the Teams connector on (unauthenticated, as with the Bot Framework
 * Emulator), a local connector service, and a driver speaking Bot Framework to both.
 */
export async function startTeamsDriver(options: HarnessOptions = {}): Promise<TeamsDriver> {
  const service = await startBotFrameworkService();
  const parley = await startParleyHarness({
    model: 'offline',
    ...options,
    environment: {
      PARLEY_TEAMS_ENABLED: '1',
      PARLEY_OFFLINE_TOKEN_DELAY_MS: '1',
      PARLEY_ALLOW_PRIVATE_URLS: '1',
      ...options.environment,
    },
  });
  const appId = parley.running.demo.appId;
  /** A contract conversation is a personal chat unless opened as a group chat (where Teams does not stream). */
  const groupChats = new Set<string>();
  const teamsConversation = (conversation: string): TeamsConversation =>
    groupChats.has(conversation)
      ? { id: conversationId(conversation), conversationType: 'groupChat' }
      : { id: conversationId(conversation), conversationType: 'personal' };
  const conversationId = (conversation: string) =>
    groupChats.has(conversation) ? `19:${conversation}@thread.v2` : `a:${conversation}`;
  const userOf = (user: string): TeamsUser => ({ aadObjectId: user, name: `Person ${user}` });
  const posts = (conversation: string) =>
    service
      .activities(conversationId(conversation))
      .filter((activity) => activity.type === 'message')
      .map(seenPost);

  return {
    channel: 'msteams',
    parley,
    appId,
    service,
    conversationId,
    async sendUserMessage({ conversation, user, text, deliveryId }) {
      const activity = teamsMessage({
        serviceUrl: service.url,
        conversation: teamsConversation(conversation),
        user: userOf(user),
        text,
        // In a group chat the bot hears only what mentions it.
        mention: groupChats.has(conversation),
        ...(deliveryId ? { id: deliveryId } : {}),
      });
      return (await postActivity(parley, activity)).status;
    },
    async waitForPosts(conversation, count) {
      return service.waitFor(() => {
        const seen = posts(conversation);
        return seen.length >= count ? seen : null;
      });
    },
    posts,
    async press(conversation, user, button) {
      const reference = button.reference as { data: Record<string, string>; activityId: string };
      const activity = teamsMessage({
        serviceUrl: service.url,
        conversation: teamsConversation(conversation),
        user: userOf(user),
        value: reference.data,
        replyToId: reference.activityId,
      });
      return (await postActivity(parley, activity)).status;
    },
    async openConversation(conversation, place: ChannelPlace) {
      if (place === 'unstreamed') groupChats.add(conversation);
    },
    answerUpdates: (conversation) =>
      streamedUpdatesBeforeLatest(service.activities(conversationId(conversation))),
    nativeFeedbackTakesComment: true,
    async pressNativeFeedback(conversation, user, post, rating, comment) {
      const reference = post.nativeFeedback as { activityId: string } | undefined;
      if (!reference) throw new Error('the post has no feedback loop');
      // Teams shows the thumbs once the message is there: the connector has noted it as the answer by then.
      await waitForAnswerOf(parley, `msteams:${conversationId(conversation)}`, reference.activityId);
      const person = userOf(user);
      const { id, conversationType } = teamsConversation(conversation);
      return (
        await postActivity(parley, {
          type: 'invoke',
          name: 'message/submitAction',
          id: `feedback-${Date.now()}`,
          timestamp: new Date().toISOString(),
          channelId: 'msteams',
          serviceUrl: service.url,
          from: { id: `29:${person.aadObjectId}`, name: person.name, aadObjectId: person.aadObjectId },
          conversation: { id, conversationType, tenantId },
          recipient: { id: botId, name: botName },
          replyToId: reference.activityId,
          value: {
            actionName: 'feedback',
            actionValue: {
              reaction: rating === 'up' ? 'like' : 'dislike',
              feedback: JSON.stringify({ feedbackText: comment ?? '' }),
            },
          },
          channelData: { tenant: { id: tenantId } },
        })
      ).status;
    },
    sessionOf: (conversation) => waitForLink(parley, `msteams:${conversationId(conversation)}`),
    async stop() {
      await parley.stop();
      await service.close();
    },
  };
}

/** Waits until the connector knows the Teams message `postedId` as an answer of the conversation. */
export async function waitForAnswerOf(
  parley: ParleyHarness,
  conversationKey: string,
  postedId: string,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const link = await parley.running.store.findOne('channel_links', { conversation_key: conversationKey });
    if (link?.recent_answers?.some((answer) => answer.posted_id === postedId)) return;
    if (Date.now() > deadline) throw new Error(`no answer known as ${postedId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The session linked to a Teams conversation key, once the connector made it. */
export async function waitForLink(parley: ParleyHarness, conversationKey: string): Promise<string> {
  const store = parley.running.store;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const link = await store.findOne('channel_links', { conversation_key: conversationKey });
    if (link) return link.session_id;
    if (Date.now() > deadline) throw new Error(`no session for ${conversationKey}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
