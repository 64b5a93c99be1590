import type { AnswerWriter, ChannelAnswer } from '@parley/engine';
import type { Activity } from 'botbuilder';
import { answerActivity, textActivity, typingActivity } from './outbound-activity.js';

/**
 * One answer in a Teams conversation: the typing indicator while the model works
 * (renewed as the answer grows, since Teams shows it for a few seconds only), then
 * the finished answer as one message with its citations and buttons.
 */
export class TeamsAnswerWriter implements AnswerWriter {
  private lastTypingAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (activity: Partial<Activity>) => Promise<void>,
    private readonly typingIntervalMs: number,
  ) {}

  async working(): Promise<void> {
    this.lastTypingAt = Date.now();
    await this.send(typingActivity());
  }

  /** The text so far is not shown: Teams would mark each edit; the typing indicator is renewed instead. */
  async update(_textSoFar: string): Promise<void> {
    if (Date.now() - this.lastTypingAt >= this.typingIntervalMs) await this.working();
  }

  async finish(answer: ChannelAnswer): Promise<void> {
    if (answer.text.trim() === '') return;
    await this.send(answerActivity(answer));
  }

  async fail(message: string): Promise<void> {
    await this.send(textActivity(message));
  }
}
