import type {
  ChatModel,
  ModelCallOptions,
  ModelRequest,
  ModelResult,
  ModelStreamPart,
  ModelToolCall,
} from '../model/chat-model.js';
import { splitIntoTokens } from '../model/estimate-tokens.js';

/**
 * One scripted model call: text (streamed word by word), tool calls, and how it ends:
 * normally, failing with `fail` after the text, or waiting after the text until the
 * caller's signal aborts (a client that leaves).
 */
export interface ScriptedAnswer {
  text?: string;
  toolCalls?: { name: string; arguments?: string }[];
  fail?: Error;
  waitForAbort?: boolean;
}

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) reject(abortError());
    signal?.addEventListener('abort', () => reject(abortError()), { once: true });
  });
}

/**
 * A `ChatModel` for tests that answers from a script, in order, and keeps every
 * request it was given. With the script used up it answers `fallback`.
 */
export class ScriptedModel implements ChatModel {
  readonly name = 'scripted';
  readonly requests: ModelRequest[] = [];
  private readonly script: ScriptedAnswer[] = [];
  private calls = 0;

  constructor(private readonly fallback = 'Scripted answer.') {}

  /** Adds answers to the end of the script. */
  enqueue(...answers: ScriptedAnswer[]): this {
    this.script.push(...answers);
    return this;
  }

  private next(request: ModelRequest): { answer: ScriptedAnswer; toolCalls: ModelToolCall[] } {
    this.requests.push(request);
    const answer = this.script.shift() ?? { text: this.fallback };
    const toolCalls = (answer.toolCalls ?? []).map((call) => {
      this.calls += 1;
      return { id: `call_${this.calls}`, name: call.name, arguments: call.arguments ?? '{}' };
    });
    return { answer, toolCalls };
  }

  private usage(request: ModelRequest, text: string) {
    return { inputTokens: request.messages.length * 10, outputTokens: splitIntoTokens(text).length };
  }

  async generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResult> {
    const { answer, toolCalls } = this.next(request);
    if (answer.fail) throw answer.fail;
    if (answer.waitForAbort) await waitForAbort(options?.signal);
    const text = answer.text ?? '';
    return {
      text,
      usage: this.usage(request, text),
      finishReason: toolCalls.length > 0 ? 'tool-calls' : 'stop',
      toolCalls,
    };
  }

  async *stream(request: ModelRequest, options?: ModelCallOptions): AsyncIterable<ModelStreamPart> {
    const { answer, toolCalls } = this.next(request);
    const text = answer.text ?? '';
    for (const token of splitIntoTokens(text)) yield { type: 'text-delta', text: token };
    if (answer.fail) throw answer.fail;
    if (answer.waitForAbort) await waitForAbort(options?.signal);
    for (const toolCall of toolCalls) yield { type: 'tool-call', toolCall };
    yield {
      type: 'finish',
      usage: this.usage(request, text),
      finishReason: toolCalls.length > 0 ? 'tool-calls' : 'stop',
    };
  }
}
