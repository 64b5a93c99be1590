import type { AnswerWriter, ChannelAnswer } from '@parley/engine';
import { answerMessage, failedMessage, progressMessage, type SlackMessage } from './blocks.js';
import { retryAfterMs, withRateLimitRetry } from './rate-limit.js';
import type { SlackAddress } from './slack-address.js';

export interface WriterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: WriterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The Web API calls an answer needs (a `WebClient` has them). */
export interface SlackMessageApi {
  post(address: SlackAddress, message: SlackMessage): Promise<string>;
  update(channel: string, ts: string, message: SlackMessage): Promise<void>;
  remove(channel: string, ts: string): Promise<void>;
}

/**
 * One answer in a Slack conversation: posted with the first words (`chat.postMessage`),
 * then rewritten as more arrive (`chat.update`), and finally replaced by the
 * answer with its sources and buttons. A 429 on a progress update pauses the
 * updates for as long as Slack asks; the final message waits and is retried.
 */
export class SlackAnswerWriter implements AnswerWriter {
  private ts: string | null = null;
  private shown = '';
  private pausedUntil = 0;

  constructor(
    private readonly api: SlackMessageApi,
    private readonly address: SlackAddress,
    private readonly clock: WriterClock = systemClock,
  ) {}

  /** Slack shows bots no typing indicator outside assistant threads: the first words are the sign. */
  async working(): Promise<void> {}

  async update(textSoFar: string): Promise<void> {
    if (this.clock.now() < this.pausedUntil || textSoFar.trim() === '') return;
    try {
      await this.write(progressMessage(textSoFar));
      this.shown = textSoFar;
    } catch (error) {
      const wait = retryAfterMs(error);
      if (wait === null) throw error;
      this.pausedUntil = this.clock.now() + wait;
    }
  }

  async finish(answer: ChannelAnswer): Promise<void> {
    await this.pauseOver();
    const retry = { sleep: this.clock.sleep };
    if (answer.text.trim() === '') {
      const ts = this.ts;
      if (ts !== null) await withRateLimitRetry(() => this.api.remove(this.address.channel, ts), retry);
      return;
    }
    await withRateLimitRetry(() => this.write(answerMessage(answer)), retry);
  }

  async fail(message: string): Promise<void> {
    await this.pauseOver();
    await withRateLimitRetry(() => this.write(failedMessage(this.shown, message)), {
      sleep: this.clock.sleep,
    });
  }

  /** After a 429, the final message too waits for the time Slack asked for. */
  private async pauseOver(): Promise<void> {
    const wait = this.pausedUntil - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
  }

  private async write(message: SlackMessage): Promise<void> {
    if (this.ts === null) this.ts = await this.api.post(this.address, message);
    else await this.api.update(this.address.channel, this.ts, message);
  }
}
