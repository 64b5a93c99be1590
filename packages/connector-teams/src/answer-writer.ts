import type { AnswerWriter, ChannelAnswer } from '@parley/engine';
import type { Activity } from 'botbuilder';
import {
  answerActivity,
  finalStreamActivity,
  streamUpdateActivity,
  textActivity,
  typingActivity,
} from './outbound-activity.js';

/** Sends one activity to the answer's conversation; resolves with the id Teams gave it (a string), if any. */
export type SendActivity = (activity: Partial<Activity>) => Promise<unknown>;

/**
 * One answer in a group chat or a channel, where Teams does not stream: the typing indicator
 * while the model works (renewed as the answer grows, since Teams shows it for a few seconds
 * only), then the finished answer as one message with its citations and buttons.
 */
export class TeamsAnswerWriter implements AnswerWriter {
  private lastTypingAt = Number.NEGATIVE_INFINITY;
  private readonly posted: string[] = [];

  constructor(
    private readonly send: SendActivity,
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
    const id = await this.send(answerActivity(answer));
    if (typeof id === 'string') this.posted.push(id);
  }

  async fail(message: string): Promise<void> {
    await this.send(textActivity(message));
  }

  /** The answer's message, as Teams' feedback names it. */
  postedIds(): string[] {
    return [...this.posted];
  }
}

/** The status line while a tool runs, by the tool's name. */
export function informativeText(tool: string): string {
  if (tool === 'search_knowledge') return 'Searching the documents…';
  if (tool === 'escalate_to_human') return 'Asking our team…';
  return 'Working on it…';
}

/**
 * One answer in a personal chat, streamed with Teams' streaming protocol: a status line
 * (`informative`) while tools run, the text so far (`streaming`, each update carrying all the
 * text with a growing `streamSequence`), then the answer as the stream's `final` message with
 * its citations, the AI label and the feedback loop. Teams takes about one streaming request
 * per second: updates are sent one at a time, `intervalMs` apart, the newest text winning.
 * When Teams refuses an update (the user pressed Stop, the stream ran out of time), streaming
 * stops and the answer comes as a message of its own.
 */
export class TeamsStreamWriter implements AnswerWriter {
  private streamId: string | undefined;
  private sequence = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private textStarted = false;
  private refused = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly posted: string[] = [];

  constructor(
    private readonly send: SendActivity,
    private readonly intervalMs: number,
  ) {}

  /** The typing indicator before anything else; a status line for a running tool until the text starts. */
  working(tool?: string): Promise<void> {
    if (tool === undefined)
      return this.enqueue(async () => {
        if (this.sequence === 0) await this.send(typingActivity());
      });
    return this.enqueue(async () => {
      if (this.textStarted || this.refused) return;
      await this.sendUpdate('informative', informativeText(tool));
    });
  }

  update(textSoFar: string): Promise<void> {
    return this.enqueue(async () => {
      if (this.refused || textSoFar.trim() === '') return;
      this.textStarted = true;
      await this.sendUpdate('streaming', textSoFar);
    });
  }

  finish(answer: ChannelAnswer): Promise<void> {
    return this.enqueue(async () => {
      // Nothing to say (a person answers): a stream already begun ends when Teams times it out.
      if (answer.text.trim() === '') return;
      const id = await this.sendFinal(answerActivity(answer));
      // Teams' feedback names the final message, whose id may be the stream's: both are kept.
      for (const entry of [id, this.streamId])
        if (typeof entry === 'string' && !this.posted.includes(entry)) this.posted.push(entry);
    });
  }

  /** The answer's final message and its stream, as Teams' feedback names them. */
  postedIds(): string[] {
    return [...this.posted];
  }

  fail(message: string): Promise<void> {
    return this.enqueue(async () => {
      await this.sendFinal(textActivity(message));
    });
  }

  /** Runs `step` after the steps before it, whatever became of them. */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => {});
    return run;
  }

  private async sendUpdate(streamType: 'informative' | 'streaming', text: string): Promise<void> {
    await this.pace();
    const activity = streamUpdateActivity(streamType, text, this.sequence + 1, this.streamId);
    try {
      const id = await this.send(activity);
      this.sequence += 1;
      if (typeof id === 'string') this.streamId ??= id;
    } catch (error) {
      this.refused = true;
      throw error;
    }
  }

  /** The stream's final message, or a message of its own when no stream is open. */
  private async sendFinal(activity: Partial<Activity>): Promise<unknown> {
    if (this.streamId === undefined || this.refused) return this.send(activity);
    await this.pace();
    return this.send(finalStreamActivity(activity, this.streamId));
  }

  /** Waits until `intervalMs` has passed since the last streaming request. */
  private async pace(): Promise<void> {
    const wait = this.lastSentAt + this.intervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastSentAt = Date.now();
  }
}
