/**
 * Slack driving a running Parley: signed events and button presses into
 * `/slack/events`, the answers read back from the local Slack Web API.
 */
import { randomBytes } from 'node:crypto';
import type { ChannelDriver } from './channel-contract.js';
import { type ParleyHarness, startParleyHarness } from './parley-harness.js';
import {
  type SlackApiServer,
  type SlackStoredMessage,
  type SlackUserRecord,
  startSlackApiServer,
} from './slack-api-server.js';
import {
  blockActionsPayload,
  eventCallback,
  formBody,
  type MessageEventInput,
  messageEvent,
  postToSlackEndpoint,
  type SignedRequestOptions,
  type SlackPostResult,
} from './slack-events.js';
import { addToSlack, demoKnowledgeReady } from './slack-install.js';
import {
  finishedSlackPost,
  type SlackButtonReference,
  seenSlackPost,
  slackStreamUpdates,
} from './slack-post-seen.js';
import { type SlackSocketServer, startSlackSocketServer } from './slack-socket-server.js';

export { addToSlack, demoKnowledgeReady };

export const slackSigningSecret = 'slack-signing-secret-for-tests-0123456789';
export const slackBotToken = 'xoxb-1234-5678-parleytesttoken';
export const slackAppToken = 'xapp-1-A0PARLEYAPP-1234-parleytestapptoken';

export const slackUsers: SlackUserRecord[] = [
  { id: 'U1', name: 'ada', real_name: 'Ada Lovelace', display_name: 'Ada', tz: 'Europe/London' },
  { id: 'U2', name: 'grace', real_name: 'Grace Hopper', tz: 'America/New_York' },
];

/**
 * How the contract's conversations are had: `dm` — direct messages, top level;
 * `thread` — a mention in a channel, then replies in the thread under it.
 */
export type SlackConversationStyle = 'dm' | 'thread';

export interface SlackDriverOptions {
  style?: SlackConversationStyle;
  /** `http` (default): signed POSTs to `/slack/events`; `socket`: Socket Mode envelopes over a WebSocket. */
  transport?: 'http' | 'socket';
  model?: 'offline' | 'openai';
  environment?: Record<string, string>;
  /** The workspace added through "Add to Slack" (OAuth, its token kept encrypted) instead of `SLACK_BOT_TOKEN`. */
  oauth?: boolean;
}

export const slackClientId = '1234567890.0987654321';
export const slackClientSecret = 'slack-client-secret-for-tests-0123';

export interface SlackDriver extends ChannelDriver {
  api: SlackApiServer;
  /** The Socket Mode endpoint, with `transport: 'socket'`. */
  socket: SlackSocketServer | null;
  endpoint: string;
  /** How long each event POST took to be acknowledged (ms). */
  ackTimes: number[];
  /** POSTs an `event_callback` envelope around `event`, signed. */
  sendEvent(
    event: Record<string, unknown>,
    options?: SignedRequestOptions & { eventId?: string },
  ): Promise<SlackPostResult>;
  /** A raw signed POST of `body` (JSON). */
  sendRaw(body: string, options?: SignedRequestOptions): Promise<SlackPostResult>;
  /** The Slack channel (and thread) a contract conversation lives in. */
  placeOf(conversation: string): { channel: string; thread: string | undefined };
  /** Every bot message (finished or not) in a conversation. */
  messagesOf(conversation: string): SlackStoredMessage[];
  nextTs(): string;
}

/**
 * Where a contract conversation is: a DM's top level, a channel's thread, or a thread of the
 * app's DM opened in the split pane (an assistant thread, where answers stream).
 */
interface SlackPlace {
  channel: string;
  thread: string | undefined;
  kind: 'dm' | 'thread' | 'assistant';
}

export async function startSlackDriver(options: SlackDriverOptions = {}): Promise<SlackDriver> {
  const style = options.style ?? 'dm';
  const api = await startSlackApiServer({
    botToken: slackBotToken,
    appToken: slackAppToken,
    users: slackUsers,
    ...(options.oauth ? { oauth: { clientId: slackClientId, clientSecret: slackClientSecret } } : {}),
  });
  const socket = options.transport === 'socket' ? await startSlackSocketServer() : null;
  if (socket) api.setSocketUrl(socket.url);
  const parley: ParleyHarness = await startParleyHarness({
    model: options.model ?? 'offline',
    environment: {
      ...(socket ? { SLACK_APP_TOKEN: slackAppToken } : { SLACK_SIGNING_SECRET: slackSigningSecret }),
      ...(options.oauth
        ? {
            SLACK_CLIENT_ID: slackClientId,
            SLACK_CLIENT_SECRET: slackClientSecret,
            PARLEY_SECRETS_KEY: randomBytes(32).toString('base64'),
          }
        : { SLACK_BOT_TOKEN: slackBotToken }),
      SLACK_API_URL: api.url,
      PARLEY_SLACK_UPDATE_INTERVAL_MS: '50',
      PARLEY_OFFLINE_TOKEN_DELAY_MS: '1',
      PARLEY_ALLOW_PRIVATE_URLS: '1',
      ...options.environment,
    },
  });
  if (options.oauth) await addToSlack(parley, api);
  await demoKnowledgeReady(parley);
  const endpoint = `${parley.url}/slack/events`;
  const ackTimes: number[] = [];
  const sent = new Map<string, string>();
  const places = new Map<string, SlackPlace>();
  let tsCounter = 0;
  let channelCounter = 0;
  const baseSeconds = Math.floor(Date.now() / 1000) - 3_600;
  const nextTs = () => {
    tsCounter += 1;
    return `${baseSeconds + tsCounter}.${String(tsCounter).padStart(6, '0')}`;
  };

  /** Over Socket Mode there is no HTTP: an envelope goes out and its ack comes back (200 stands for it). */
  const viaSocket = async (type: 'events_api' | 'interactive', payload: Record<string, unknown>) => {
    if (!socket) throw new Error('not in Socket Mode');
    const started = performance.now();
    await socket.waitForAck(socket.push(type, payload));
    const elapsedMs = performance.now() - started;
    ackTimes.push(elapsedMs);
    return { status: 200, body: '', elapsedMs };
  };
  const sendRaw = async (body: string, signed: SignedRequestOptions = {}) => {
    if (socket) return viaSocket('events_api', JSON.parse(body) as Record<string, unknown>);
    const result = await postToSlackEndpoint(endpoint, slackSigningSecret, body, 'application/json', signed);
    ackTimes.push(result.elapsedMs);
    return result;
  };
  const sendEvent = (
    event: Record<string, unknown>,
    signed: SignedRequestOptions & { eventId?: string } = {},
  ) => {
    const { eventId, ...rest } = signed;
    const body = JSON.stringify(
      eventCallback(event, { teamId: api.teamId, botUserId: api.botUserId, ...(eventId ? { eventId } : {}) }),
    );
    if (eventId) sent.set(eventId, body);
    return sendRaw(body, rest);
  };

  const messagesOf = (conversation: string) => {
    const place = places.get(conversation);
    if (!place) return [];
    return api
      .messages(place.channel, place.thread ? { thread: place.thread } : {})
      .filter((message) => message.user === api.botUserId);
  };
  const posts = (conversation: string) =>
    messagesOf(conversation).filter(finishedSlackPost).map(seenSlackPost);

  /** Presses an element of a message as `user`: a signed `block_actions` (or its envelope over Socket Mode). */
  const pressElement = async (
    user: string,
    reference: SlackButtonReference,
    action: { type?: string; value: string; text: string },
  ) => {
    const latest = reference.message.versions.at(-1);
    const payload = blockActionsPayload({
      teamId: api.teamId,
      user,
      channel: reference.channel,
      message: {
        ts: reference.message.ts,
        thread_ts: reference.message.thread_ts,
        text: latest?.text ?? '',
        blocks: latest?.blocks ?? [],
        user: reference.message.user,
        bot_id: reference.message.bot_id,
      },
      action: { action_id: String(reference.element.action_id), block_id: reference.blockId, ...action },
    });
    if (socket) return (await viaSocket('interactive', payload)).status;
    const result = await postToSlackEndpoint(
      endpoint,
      slackSigningSecret,
      formBody(payload),
      'application/x-www-form-urlencoded',
    );
    ackTimes.push(result.elapsedMs);
    return result.status;
  };

  const driver: SlackDriver = {
    channel: 'slack',
    parley,
    appId: parley.running.demo.appId,
    api,
    socket,
    endpoint,
    ackTimes,
    sendEvent,
    sendRaw,
    nextTs,
    messagesOf,
    placeOf(conversation) {
      const place = places.get(conversation);
      if (!place) throw new Error(`no such conversation: ${conversation}`);
      return place;
    },
    async sendUserMessage({ conversation, user, text, deliveryId, retry }) {
      if (retry && deliveryId) {
        const body = sent.get(deliveryId);
        if (!body) throw new Error(`nothing was sent as ${deliveryId}`);
        return (await sendRaw(body, { retryNum: 1, retryReason: 'http_timeout' })).status;
      }
      let place = places.get(conversation);
      const ts = nextTs();
      let input: MessageEventInput;
      if (place?.kind === 'assistant') {
        input = { channel: place.channel, channelType: 'im', user, text, ts, threadTs: place.thread };
      } else if (style === 'dm') {
        if (!place) {
          channelCounter += 1;
          place = { channel: `D0${String(channelCounter).padStart(8, '0')}`, thread: undefined, kind: 'dm' };
          places.set(conversation, place);
        }
        input = { channel: place.channel, channelType: 'im', user, text, ts };
      } else if (!place) {
        channelCounter += 1;
        place = { channel: `C0SUPPORT${channelCounter}`, thread: ts, kind: 'thread' };
        places.set(conversation, place);
        input = {
          type: 'app_mention',
          channel: place.channel,
          user,
          text: `<@${api.botUserId}> ${text}`,
          ts,
        };
      } else {
        input = { channel: place.channel, channelType: 'channel', user, text, ts, threadTs: place.thread };
      }
      const result = await sendEvent(
        messageEvent(input, api.teamId),
        deliveryId ? { eventId: deliveryId } : {},
      );
      return result.status;
    },
    async waitForPosts(conversation, count) {
      return api.waitFor(() => {
        const all = posts(conversation);
        return all.length >= count ? all : null;
      });
    },
    posts,
    async press(_conversation, user, button) {
      const reference = button.reference as SlackButtonReference;
      return pressElement(user, reference, {
        value: String(reference.element.value ?? ''),
        text: String((reference.element.text as { text?: string } | undefined)?.text ?? ''),
      });
    },
    async openConversation(conversation, place, user = 'U1') {
      // Slack streams in the split pane's threads; a workspace where it refuses falls back to posting.
      if (place === 'unstreamed') api.failNext('chat.startStream', 'not_allowed');
      channelCounter += 1;
      const opened: SlackPlace = {
        channel: `D0ASSIST${String(channelCounter).padStart(4, '0')}`,
        thread: nextTs(),
        kind: 'assistant',
      };
      places.set(conversation, opened);
      const started = await sendEvent({
        type: 'assistant_thread_started',
        assistant_thread: {
          user_id: user,
          context: { channel_id: 'C0SUPPORT1', team_id: api.teamId, enterprise_id: null },
          channel_id: opened.channel,
          thread_ts: opened.thread,
        },
        event_ts: nextTs(),
      });
      if (started.status !== 200) throw new Error(`assistant_thread_started answered ${started.status}`);
    },
    answerUpdates(conversation) {
      const latest = messagesOf(conversation).at(-1);
      return latest ? slackStreamUpdates(latest, api.calls) : [];
    },
    nativeFeedbackTakesComment: false,
    async pressNativeFeedback(_conversation, user, post, rating) {
      const reference = post.nativeFeedback as SlackButtonReference | undefined;
      if (!reference) throw new Error('the post shows no feedback buttons');
      const side = reference.element[rating === 'up' ? 'positive_button' : 'negative_button'] as {
        value: string;
        text: { text: string };
      };
      return pressElement(user, reference, {
        type: 'feedback_buttons',
        value: side.value,
        text: side.text.text,
      });
    },
    async sessionOf(conversation) {
      return api.waitFor(() => {
        for (const post of posts(conversation)) {
          for (const button of post.buttons) {
            const value = String((button.reference as SlackButtonReference).element.value ?? '');
            const sessionId = (JSON.parse(value) as { session_id?: string }).session_id;
            if (sessionId) return sessionId;
          }
        }
        return null;
      });
    },
    async stop() {
      await parley.stop();
      await socket?.close();
      await api.close();
    },
  };
  return driver;
}
