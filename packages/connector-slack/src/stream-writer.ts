import type { AnswerWriter, ChannelAnswer, ChannelCitation, ChannelToolCall } from '@parley/engine';
import type { types } from '@slack/bolt';
import { systemClock, type WriterClock } from './answer-writer.js';
import { isStreamingRefusal, type StreamingRefusals, thinkingStatus } from './assistant-thread.js';
import { streamedAnswerBlocks } from './blocks.js';
import { retryAfterMs, withRateLimitRetry } from './rate-limit.js';
import type { SlackAddress } from './slack-address.js';

/** A chunk of a streamed message (Slack's `markdown_text` and `task_update`). */
export type StreamChunk =
  | { type: 'markdown_text'; text: string }
  | {
      type: 'task_update';
      id: string;
      title: string;
      status: 'pending' | 'in_progress' | 'complete' | 'error';
      sources?: { type: 'url'; url: string; text: string }[];
    };

/** The Web API calls a streamed answer needs (a `WebClient` has them). */
export interface SlackStreamApi {
  /** `chat.startStream` in the address's thread: the streamed message's ts. */
  start(address: SlackAddress, chunks: StreamChunk[]): Promise<string>;
  append(channel: string, ts: string, chunks: StreamChunk[]): Promise<void>;
  stop(channel: string, ts: string, chunks: StreamChunk[], blocks: types.KnownBlock[]): Promise<void>;
  /** `assistant.threads.setStatus` (an empty status clears it). */
  setStatus(address: SlackAddress, status: string): Promise<void>;
}

export interface StreamWriterOptions {
  api: SlackStreamApi;
  address: SlackAddress;
  /** Today's post-and-update writer, for when Slack refuses to stream. */
  fallback: () => AnswerWriter;
  refusals: StreamingRefusals;
  /** Where a source links (Slack's sources are links); without it the sources are a line of text. */
  sourceUrl?: (citation: ChannelCitation) => string | null;
  clock?: WriterClock;
  onDebug?: (message: string) => void;
}

/** Slack takes 12,000 characters of markdown per call. */
const maxMarkdown = 10_000;

/**
 * One answer in an assistant thread (its status shows while the agent works), streamed natively: `chat.startStream` with the first
 * words or tool call, `chat.appendStream` with what follows (each tool a `task_update`), and
 * `chat.stopStream` with the rest, the sources and the feedback buttons. When Slack refuses to
 * stream, the answer is written by today's writer (posted, then updated), and a refusal that
 * is the workspace's (not allowed, a missing scope…) is remembered for its next answers.
 */
export class SlackStreamWriter implements AnswerWriter {
  private ts: string | null = null;
  private sent = '';
  private fallback: AnswerWriter | null = null;
  private pausedUntil = 0;
  private readonly tasks = new Map<string, number>();
  private taskCount = 0;
  /** Each task's latest update, and whether Slack has it (a 429 may have skipped it). */
  private readonly taskUpdates = new Map<string, { chunk: StreamChunk; shown: boolean }>();
  private readonly clock: WriterClock;

  constructor(private readonly options: StreamWriterOptions) {
    this.clock = options.clock ?? systemClock;
    // The workspace refused to stream before: posted and updated, with the thread's status still shown.
    if (options.refusals.refused(options.address.team_id)) this.fallback = options.fallback();
  }

  /** The thread's status while the agent works (`''` clears it). */
  async working(status = thinkingStatus): Promise<void> {
    try {
      await this.options.api.setStatus(this.options.address, status);
    } catch (error) {
      this.options.onDebug?.(`Slack: no status shown (${String(error)})`);
    }
  }

  async tool(call: ChannelToolCall): Promise<void> {
    if (this.fallback) return;
    const chunk = this.taskOf(call);
    const update = { chunk, shown: false };
    this.taskUpdates.set((chunk as { id: string }).id, update);
    if (this.fallback || this.clock.now() < this.pausedUntil) return;
    try {
      await this.write([chunk]);
      update.shown = true;
    } catch (error) {
      this.pauseOn(error);
    }
  }

  /** The task updates Slack missed (skipped after a 429), for the stream's last call. */
  private unshownTasks(): StreamChunk[] {
    return [...this.taskUpdates.values()].filter((update) => !update.shown).map((update) => update.chunk);
  }

  async update(textSoFar: string): Promise<void> {
    if (this.fallback) return this.fallback.update(textSoFar);
    if (this.clock.now() < this.pausedUntil) return;
    const rest = this.restOf(textSoFar);
    if (rest.trim() === '') return;
    try {
      const fallback = await this.write([markdown(rest)]);
      if (fallback) await fallback.update(textSoFar);
      else this.sent = textSoFar;
    } catch (error) {
      this.pauseOn(error);
    }
  }

  async finish(answer: ChannelAnswer): Promise<void> {
    const quiet = answer.text.trim() === '';
    // Nothing is posted when a person answers: the thread's status is cleared instead (a reply clears it).
    if (quiet && this.ts === null) await this.working('');
    if (this.fallback) return this.fallback.finish(answer);
    await this.pauseOver();
    const retry = { sleep: this.clock.sleep };
    let rest = pieces(this.restOf(answer.text));
    if (this.ts === null) {
      if (quiet) return;
      const [first = '…', ...others] = rest;
      const fallback = await withRateLimitRetry(() => this.write([markdown(first)]), retry);
      if (fallback) return fallback.finish(answer);
      rest = others;
    }
    const ts = this.ts;
    if (ts === null) return;
    const { channel } = this.options.address;
    for (const piece of rest) {
      await withRateLimitRetry(() => this.options.api.append(channel, ts, [markdown(piece)]), retry);
    }
    this.sent = answer.text;
    const final = [...this.unshownTasks(), ...(quiet ? [] : this.sourcesOf(answer.citations))];
    const blocks = quiet ? [] : streamedAnswerBlocks(answer);
    await withRateLimitRetry(() => this.options.api.stop(channel, ts, final, blocks), retry);
  }

  async fail(message: string): Promise<void> {
    if (this.fallback || this.ts === null) {
      this.fallback ??= this.options.fallback();
      return this.fallback.fail(message);
    }
    await this.pauseOver();
    const ts = this.ts;
    await withRateLimitRetry(
      () => this.options.api.stop(this.options.address.channel, ts, [markdown(`\n\n_${safe(message)}_`)], []),
      { sleep: this.clock.sleep },
    );
  }

  /**
   * Starts the stream with `chunks` (or appends them); null while streaming. When Slack
   * refuses `chat.startStream`, the fallback writer takes over and is answered.
   */
  private async write(chunks: StreamChunk[]): Promise<AnswerWriter | null> {
    const { api, address } = this.options;
    if (this.ts !== null) {
      await api.append(address.channel, this.ts, chunks);
      return null;
    }
    try {
      this.ts = await api.start(address, chunks);
      return null;
    } catch (error) {
      if (retryAfterMs(error) !== null) throw error;
      if (isStreamingRefusal(error)) this.options.refusals.remember(address.team_id);
      this.options.onDebug?.(`Slack: not streamed, posted instead (${String(error)})`);
      this.fallback = this.options.fallback();
      return this.fallback;
    }
  }

  private pauseOn(error: unknown): void {
    const wait = retryAfterMs(error);
    if (wait === null) throw error;
    this.pausedUntil = this.clock.now() + wait;
  }

  private async pauseOver(): Promise<void> {
    const wait = this.pausedUntil - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** What is not yet in the stream (the text so far grows; what is sent stays). */
  private restOf(text: string): string {
    return safe(text.startsWith(this.sent) ? text.slice(this.sent.length) : '');
  }

  /** Each tool call is one task: started in progress, then complete or failed. */
  private taskOf(call: ChannelToolCall): StreamChunk {
    let number = this.tasks.get(call.tool);
    if (call.status === 'started' || number === undefined) {
      this.taskCount += 1;
      number = this.taskCount;
      this.tasks.set(call.tool, number);
    }
    const status =
      call.status === 'started' ? 'in_progress' : call.status === 'completed' ? 'complete' : 'error';
    return { type: 'task_update', id: `parley_tool_${number}`, title: toolTitle(call.tool), status };
  }

  /** The citations as Slack's sources (document name and page) in the stream's final chunk. */
  private sourcesOf(citations: ChannelCitation[]): StreamChunk[] {
    if (citations.length === 0) return [];
    const named = citations.map((citation) => ({
      citation,
      text: `[${citation.id}] ${citation.document_name}, p. ${citation.page_number}`,
    }));
    const linked = named.flatMap(({ citation, text }) => {
      const url = this.options.sourceUrl?.(citation) ?? null;
      return url ? [{ type: 'url' as const, url, text }] : [];
    });
    if (linked.length === named.length) {
      return [
        { type: 'task_update', id: 'parley_sources', title: 'Sources', status: 'complete', sources: linked },
      ];
    }
    return [markdown(`\n\n*Sources:* ${named.map(({ text }) => safe(text)).join(' · ')}`)];
  }
}

const toolTitles: Record<string, string> = {
  search_knowledge: 'Searching the documents',
  escalate_to_human: 'Asking for a person',
};

function toolTitle(tool: string): string {
  return toolTitles[tool] ?? `Using ${tool.replace(/_/g, ' ')}`;
}

function markdown(text: string): StreamChunk {
  return { type: 'markdown_text', text };
}

/** Markdown as Slack streams it, without its own markup: no `<!channel>`, `<@U…>` or links in angle brackets. */
function safe(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>(?=[^\s>])/g, '&gt;');
}

/** Text in pieces Slack takes in one call. */
function pieces(text: string): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += maxMarkdown) out.push(text.slice(at, at + maxMarkdown));
  return out;
}
