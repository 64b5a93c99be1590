import type { AnswerWriter, ChannelConnector, ChannelPost, JsonObject } from '@parley/engine';
import { type Logger, webApi } from '@slack/bolt';
import { SlackAnswerWriter, type SlackMessageApi } from './answer-writer.js';
import { assistantApiOf, type SlackAssistantApi } from './assistant-api.js';
import { isAssistantThread, StreamingRefusals } from './assistant-thread.js';
import { messageForPost, type SlackMessage } from './blocks.js';
import { BotIdentity } from './bot-identity.js';
import { type SlackLogger, silentLogger, toBoltLogger } from './logger.js';
import { withRateLimitRetry } from './rate-limit.js';
import { addressOf, type SlackAddress } from './slack-address.js';
import { SlackStreamWriter } from './stream-writer.js';
import { profileOf, type SlackUserObject, UserProfiles, type UserProfilesOptions } from './user-profiles.js';

export interface SlackConnectorOptions {
  /** `xoxb-…`: the bot token the answers are posted with (one workspace). */
  botToken?: string;
  /** Many workspaces (OAuth installs): each workspace's bot token, found when a message goes there. */
  tokenOf?: (teamId: string) => Promise<string | undefined>;
  /** Slack's Web API base URL (`https://slack.com/api/` when absent; tests point it at a local server). */
  apiUrl?: string;
  logger?: SlackLogger;
  /** The `users.info` cache. */
  userProfiles?: UserProfilesOptions;
  /** Parley's public URL: a streamed answer's sources link to the knowledge page of its console. */
  publicUrl?: string;
}

/**
 * Slack's outbound half of the channel seam: answers are posted and updated in the
 * conversation's thread, a person's answers and notices are posted to a stored
 * address. It owns the Web API client; who the users are is cached here too.
 */
export class SlackConnector implements ChannelConnector {
  readonly channel = 'slack';
  readonly client: webApi.WebClient;
  /** The Web API client's settings, shared with Bolt's own clients. */
  readonly clientOptions: webApi.WebClientOptions;
  readonly profiles: UserProfiles;
  readonly identity: BotIdentity;
  readonly logger: SlackLogger;
  /** `logger` as Bolt and the Web API client take it, shared by all of them. */
  readonly boltLogger: Logger;
  readonly botToken: string | undefined;
  private readonly tokenOf: ((teamId: string) => Promise<string | undefined>) | undefined;
  /** A Web API client per workspace token (OAuth installs). */
  private readonly clients = new Map<string, webApi.WebClient>();
  /** The workspaces where Slack refused to stream: their answers are posted and updated. */
  readonly streamingRefusals = new StreamingRefusals();
  private readonly publicUrl: string | undefined;

  constructor(options: SlackConnectorOptions) {
    this.logger = options.logger ?? silentLogger;
    this.boltLogger = toBoltLogger(this.logger);
    this.botToken = options.botToken;
    this.tokenOf = options.tokenOf;
    this.clientOptions = {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      logger: this.boltLogger,
      // A 429 is ours to handle: a progress update is skipped, a final message waits (see rate-limit.ts).
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
      timeout: 10_000,
    };
    this.client = new webApi.WebClient(options.botToken, this.clientOptions);
    this.publicUrl = options.publicUrl?.replace(/\/+$/, '');
    this.identity = new BotIdentity(this.client, (error) =>
      this.logger.warn(`Slack auth.test failed: ${messageOf(error)}`),
    );
    // Keyed `<team>:<user>`: each workspace's users are asked with its own token.
    this.profiles = new UserProfiles(
      async (key) => {
        const at = key.indexOf(':');
        const client = await this.clientFor(key.slice(0, at));
        const user = key.slice(at + 1);
        return profileOf((await client.users.info({ user })).user as SlackUserObject | undefined);
      },
      (error) => this.logger.warn(`Slack users.info failed: ${messageOf(error)}`),
      options.userProfiles,
    );
  }

  /** The Web API client of a workspace: its installed token's, or the one bot token's. */
  async clientFor(teamId: string): Promise<webApi.WebClient> {
    if (!this.tokenOf) return this.client;
    const token = await this.tokenOf(teamId);
    if (!token) throw new Error(`Slack: the app is not installed in ${teamId || 'this workspace'}`);
    let client = this.clients.get(token);
    if (!client) {
      if (this.clients.size >= 1_000) this.clients.clear();
      client = new webApi.WebClient(token, this.clientOptions);
      this.clients.set(token, client);
    }
    return client;
  }

  /** A user's profile in a workspace (cached `users.info`). */
  profileOf(teamId: string, userId: string) {
    return this.profiles.get(`${teamId}:${userId}`);
  }

  /** Posting, updating and deleting in one workspace, with its token. */
  private apiFor(teamId: string): SlackMessageApi {
    return {
      post: async (address, message) => {
        const client = await this.clientFor(teamId);
        const posted = await client.chat.postMessage({
          channel: address.channel,
          ...(address.thread_ts ? { thread_ts: address.thread_ts } : {}),
          ...message,
          unfurl_links: false,
          unfurl_media: false,
        });
        if (!posted.ts) throw new Error('chat.messageForPost answered without a ts');
        return posted.ts;
      },
      update: async (channel, ts, message) => {
        const client = await this.clientFor(teamId);
        await client.chat.update({ channel, ts, ...message });
      },
      remove: async (channel, ts) => {
        const client = await this.clientFor(teamId);
        await client.chat.delete({ channel, ts });
      },
    };
  }

  /** Assistant threads and streamed answers in one workspace, with its token. */
  assistantFor(teamId: string): SlackAssistantApi {
    return assistantApiOf(() => this.clientFor(teamId));
  }

  /** In an assistant thread, a streamed answer (posted and updated where Slack refused to stream); elsewhere posted and updated. */
  openAnswer(address: JsonObject): AnswerWriter {
    const to = addressOf(address);
    const posted = () => new SlackAnswerWriter(this.apiFor(to.team_id), to);
    if (!isAssistantThread(to)) return posted();
    const publicUrl = this.publicUrl;
    return new SlackStreamWriter({
      api: this.assistantFor(to.team_id),
      address: to,
      fallback: posted,
      refusals: this.streamingRefusals,
      ...(publicUrl ? { sourceUrl: () => `${publicUrl}/console/knowledge` } : {}),
      onDebug: (message) => this.logger.debug(message),
    });
  }

  async post(address: JsonObject, post: ChannelPost): Promise<void> {
    await this.postTo(addressOf(address), messageForPost(post));
  }

  /** Posts a message to an address (retried on a 429). */
  async postTo(address: SlackAddress, message: SlackMessage): Promise<void> {
    const api = this.apiFor(address.team_id);
    await withRateLimitRetry(() => api.post(address, message));
  }

  /** A message only `user` sees (the answer to a button press). */
  async tell(address: SlackAddress, user: string, text: string): Promise<void> {
    const client = await this.clientFor(address.team_id);
    await withRateLimitRetry(() =>
      client.chat.postEphemeral({
        channel: address.channel,
        user,
        text,
        ...(address.thread_ts ? { thread_ts: address.thread_ts } : {}),
      }),
    );
  }
}

export function createSlackConnector(options: SlackConnectorOptions): SlackConnector {
  return new SlackConnector(options);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
