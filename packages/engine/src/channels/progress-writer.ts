import type { AnswerWriter, ChannelToolCall } from './channel.js';

/**
 * Passes the growing answer to the writer, at most once per interval and never two calls at once;
 * tool calls go out in order with it (the text so far first, then the tool).
 */
export class ProgressWriter {
  private text = '';
  private shown = '';
  private lastUpdateAt = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private busy = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly writer: AnswerWriter,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown, step: string) => void,
  ) {}

  append(content: string): void {
    this.text += content;
    this.schedule();
  }

  working(tool?: string): void {
    this.writer.working(tool).catch((error: unknown) => this.onError(error, 'show that the agent works'));
  }

  /** A tool started or ended: written after the text that came before it. */
  tool(call: ChannelToolCall): void {
    const writer = this.writer;
    if (!writer.tool || this.closed) return;
    if (this.text !== this.shown && !this.busy) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.flush();
    }
    this.inFlight = this.inFlight
      .then(() => writer.tool?.(call))
      .catch((error: unknown) => this.onError(error, 'show a tool call'));
  }

  /** Waits for the update in flight; the final answer follows through `finish`. */
  async settled(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.closed || this.busy || this.timer) return;
    const wait = Math.max(0, this.lastUpdateAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (this.text === this.shown) return;
    const text = this.text;
    this.busy = true;
    this.lastUpdateAt = Date.now();
    this.inFlight = this.inFlight
      .then(() => this.writer.update(text))
      .then(() => {
        this.shown = text;
      })
      .catch((error: unknown) => this.onError(error, 'update the answer'))
      .finally(() => {
        this.busy = false;
        if (this.text !== this.shown) this.schedule();
      });
  }
}
