import type { webApi } from '@slack/bolt';

/** Who the bot is in the workspace (`auth.test`): its own messages and mentions are recognised by it. */
export interface BotIdentityValue {
  botId: string | undefined;
  botUserId: string | undefined;
  teamId: string | undefined;
}

/**
 * `auth.test`, asked once in the background and kept. Until it is known events
 * are still handled (a bot's messages are recognised by their `bot_id` anyway),
 * so acknowledging an event never waits for Slack's API; a failure is asked again later.
 */
export class BotIdentity {
  private value: BotIdentityValue | null = null;
  private pending: Promise<BotIdentityValue | null> | null = null;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get current(): BotIdentityValue | null {
    return this.value;
  }

  /** Asks `auth.test` unless it is known or on its way; resolves with what is known then. */
  refresh(): Promise<BotIdentityValue | null> {
    if (this.value) return Promise.resolve(this.value);
    if (!this.pending) {
      this.pending = this.client.auth
        .test()
        .then((result) => {
          this.value = { botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id };
          return this.value;
        })
        .catch((error: unknown) => {
          this.onError(error);
          return null;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }
}
