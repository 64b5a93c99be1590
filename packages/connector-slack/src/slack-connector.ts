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
  /** `xoxb-…`: the bot token the answers are posted with. */
  botToken: string;
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
  readonly botToken: string;
  /** Assistant threads and streamed answers. */
  readonly assistant: SlackAssistantApi;
  /** The workspaces where Slack refused to stream: their answers are posted and updated. */
  readonly streamingRefusals = new StreamingRefusals();
  private readonly api: SlackMessageApi;
  private readonly publicUrl: string | undefined;

  constructor(options: SlackConnectorOptions) {
    this.logger = options.logger ?? silentLogger;
    this.boltLogger = toBoltLogger(this.logger);
    this.botToken = options.botToken;
    this.clientOptions = {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      logger: this.boltLogger,
      // A 429 is ours to handle: a progress update is skipped, a final message waits (see rate-limit.ts).
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
      timeout: 10_000,
    };
    this.client = new webApi.WebClient(options.botToken, this.clientOptions);
    this.assistant = assistantApiOf(this.client);
    this.publicUrl = options.publicUrl?.replace(/\/+$/, '');
    this.identity = new BotIdentity(this.client, (error) =>
      this.logger.warn(`Slack auth.test failed: ${messageOf(error)}`),
    );
    this.profiles = new UserProfiles(
      async (user) => profileOf((await this.client.users.info({ user })).user as SlackUserObject | undefined),
      (error) => this.logger.warn(`Slack users.info failed: ${messageOf(error)}`),
      options.userProfiles,
    );
    this.api = {
      post: async (address, message) => {
        const posted = await this.client.chat.postMessage({
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
        await this.client.chat.update({ channel, ts, ...message });
      },
      remove: async (channel, ts) => {
        await this.client.chat.delete({ channel, ts });
      },
    };
  }

  /** In an assistant thread, a streamed answer (posted and updated where Slack refused to stream); elsewhere posted and updated. */
  openAnswer(address: JsonObject): AnswerWriter {
    const slack = addressOf(address);
    const posted = () => new SlackAnswerWriter(this.api, slack);
    if (!isAssistantThread(slack)) return posted();
    const publicUrl = this.publicUrl;
    return new SlackStreamWriter({
      api: this.assistant,
      address: slack,
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
    await withRateLimitRetry(() => this.api.post(address, message));
  }

  /** A message only `user` sees (the answer to a button press). */
  async tell(address: SlackAddress, user: string, text: string): Promise<void> {
    await withRateLimitRetry(() =>
      this.client.chat.postEphemeral({
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
