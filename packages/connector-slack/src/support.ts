import type {
  JsonObject,
  SupportConnector,
  SupportDesk,
  SupportPost,
  SupportThreadOpening,
} from '@parley/engine';
import type { App } from '@slack/bolt';
import { messageForPost } from './blocks.js';
import type { SlackEnvelope, SlackMessageEvent } from './inbound.js';
import { withRateLimitRetry } from './rate-limit.js';
import { addressOf, type SlackAddress } from './slack-address.js';
import { messageOf, type SlackConnector } from './slack-connector.js';
import { plainTextOf } from './slack-text.js';
import { handBackActionId, supportOpeningMessage, visitorMessage } from './support-messages.js';

/** A support thread's key: its channel and the ts of the message that opened it. */
export function supportThreadKey(channel: string, threadTs: string): string {
  return `slack:${channel}:${threadTs}`;
}

/** The workspace whose support channel an app's (or agent's) escalations go to; null: none. */
export type SupportWorkspaceOf = (owner: SupportThreadOpening['app']) => Promise<string | null>;

/**
 * Slack's half of the support desk: opens a thread in the support channel, posts in it. With many
 * workspaces (`workspaceOf`), the thread is opened with that workspace's token, and its address
 * keeps the workspace so every later post uses it too.
 */
export class SlackSupportConnector implements SupportConnector {
  readonly platform = 'slack';

  constructor(
    private readonly connector: SlackConnector,
    private readonly workspaceOf: SupportWorkspaceOf | null = null,
  ) {}

  async openThread(channel: string, opening: SupportThreadOpening) {
    const message = supportOpeningMessage(opening);
    const teamId = this.workspaceOf ? await this.workspaceOf(opening.app) : '';
    if (teamId === null) throw new Error(`no workspace has ${opening.app.id} as its app`);
    const client = await this.connector.clientFor(teamId);
    const posted = await withRateLimitRetry(() =>
      client.chat.postMessage({
        channel,
        ...message,
        unfurl_links: false,
        unfurl_media: false,
      }),
    );
    if (!posted.ts) throw new Error('chat.postMessage answered without a ts');
    const address: SlackAddress = {
      team_id: teamId,
      channel: posted.channel ?? channel,
      thread_ts: posted.ts,
    };
    return {
      threadKey: supportThreadKey(address.channel, posted.ts),
      address: { team_id: address.team_id, channel: address.channel, thread_ts: address.thread_ts },
    };
  }

  async post(address: JsonObject, post: SupportPost): Promise<void> {
    const message = post.kind === 'visitor' ? visitorMessage(post.text) : messageForPost(post);
    await this.connector.postTo(addressOf(address), message);
  }
}

/** What the Slack app asks of support: whether an event is a support thread's, and its button. */
export interface SlackSupport {
  /** True when the message is in a support thread (handled here: it is not a turn for the bot). */
  handlesMessage(
    event: SlackMessageEvent,
    envelope: SlackEnvelope,
    botUserId: string | null,
  ): Promise<boolean>;
  /** Adds the *Hand back* listener. */
  listen(app: App): void;
}

/** Subtypes that are still a person writing. */
const personSubtypes = new Set(['thread_broadcast']);

/**
 * The support desk on Slack: a person's message in a support thread reaches its visitor under
 * their Slack display name; the bot's own posts, other bots, edits and messages anywhere else in
 * the channel reach no one.
 */
export function slackSupport(connector: SlackConnector, desk: SupportDesk): SlackSupport {
  const logger = connector.boltLogger;
  return {
    async handlesMessage(event, envelope, botUserId) {
      const threadTs = event.thread_ts;
      if (!event.channel || !threadTs || threadTs === event.ts) return false;
      const key = supportThreadKey(event.channel, threadTs);
      if (!(await desk.threadOf(key))) return false;
      // In a support thread from here on: handled, whatever comes of it.
      if (event.type !== 'message') return true; // the `app_mention` twin of a `message` event
      if (event.subtype !== undefined && !personSubtypes.has(event.subtype)) return true;
      if (event.bot_id || event.bot_profile || !event.user || !event.ts) return true;
      const self = botUserId ?? envelope.authorizations?.[0]?.user_id ?? null;
      if (self !== null && event.user === self) return true;
      const teamId = envelope.team_id ?? event.team ?? '';
      const profile = await connector.profileOf(teamId, event.user);
      const outcome = await desk.reply({
        threadKey: key,
        deliveryId: `${teamId}:${event.channel}:${event.ts}`,
        text: plainTextOf(event.text ?? '', self, { mentioned: false }),
        author: profile?.name ?? null,
        authorId: event.user,
      });
      if (outcome === 'closed') {
        await connector
          .tell(
            { team_id: teamId, channel: event.channel, thread_ts: threadTs },
            event.user,
            'This conversation was handed back or has ended: your message did not reach the visitor.',
          )
          .catch((error: unknown) =>
            logger.warn(`Slack: could not tell a support person: ${messageOf(error)}`),
          );
      }
      return true;
    },
    listen(app) {
      app.action({ type: 'block_actions', action_id: handBackActionId }, async ({ ack, body }) => {
        await ack();
        const pressed = body as unknown as {
          channel?: { id?: string };
          container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
          message?: { ts?: string; thread_ts?: string };
        };
        const channel = pressed.channel?.id ?? pressed.container?.channel_id;
        // The button is on the message that opened the thread: its ts is the thread's.
        const threadTs = pressed.message?.thread_ts ?? pressed.message?.ts ?? pressed.container?.message_ts;
        if (!channel || !threadTs) return;
        desk
          .handBack(supportThreadKey(channel, threadTs))
          .catch((error: unknown) => logger.error(`Slack: hand back failed: ${messageOf(error)}`));
      });
      // The console link is a URL button: Slack still tells the app it was pressed.
      app.action({ type: 'block_actions', action_id: 'parley-support-open-console' }, async ({ ack }) => {
        await ack();
      });
    },
  };
}
