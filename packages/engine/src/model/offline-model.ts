import { bestSentence, sentencesOf } from '../knowledge/excerpt.js';
import type {
  ChatModel,
  ModelCallOptions,
  ModelRequest,
  ModelResult,
  ModelSource,
  ModelStreamPart,
} from './chat-model.js';
import { estimateTokens, splitIntoTokens } from './estimate-tokens.js';

export interface OfflineModelOptions {
  /** Pause between streamed tokens, so the demo looks like a model typing. */
  tokenDelayMs?: number;
}

function lastUserMessage(request: ModelRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    const message = request.messages[index];
    if (message?.role === 'user') return message.content;
  }
  return '';
}

function quote(question: string): string {
  const flat = question.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/** From the passages found: the sentence that best answers, quoted with its source, or a plain "not found". */
function answerFromSources(sources: ModelSource[], question: string): string {
  if (sources.length === 0) {
    return 'I could not find anything about that in the documents I was given, so I would rather not guess.';
  }
  for (const source of sources) {
    const sentence = bestSentence(source.text, question);
    if (sentence)
      return `According to "${source.document_name}" (page ${source.page_number}): ${sentence} [${source.number}]`;
  }
  const [first] = sources as [ModelSource];
  const opening = sentencesOf(first.text)[0] ?? first.text;
  return `The closest passage I found is in "${first.document_name}" (page ${first.page_number}): ${opening} [${first.number}]`;
}

/** The answer the offline model gives: from the documents when it has some, else honest about what it is. */
export function offlineAnswer(request: ModelRequest): string {
  if (request.sources) return answerFromSources(request.sources, lastUserMessage(request));
  const question = quote(lastUserMessage(request));
  const heard = question ? `I received your message "${question}", but ` : '';
  return (
    `This is Parley's built-in offline model: no language model is connected yet. ${heard}` +
    'I cannot reason about it. To get real answers, set OPENAI_API_KEY (and, for another ' +
    'OpenAI-compatible provider, OPENAI_BASE_URL and PARLEY_MODEL) and restart Parley.'
  );
}

function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const offlineModelName = 'offline';

/** A model that needs no account: it answers plainly what it is, token by token. */
export class OfflineModel implements ChatModel {
  readonly name = offlineModelName;
  private readonly tokenDelayMs: number;

  constructor(options: OfflineModelOptions = {}) {
    this.tokenDelayMs = options.tokenDelayMs ?? 0;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    options.signal?.throwIfAborted();
    const text = offlineAnswer(request);
    return {
      text,
      usage: { inputTokens: estimateTokens(request.messages), outputTokens: splitIntoTokens(text).length },
      finishReason: 'stop',
      toolCalls: [],
    };
  }

  async *stream(request: ModelRequest, options: ModelCallOptions = {}): AsyncIterable<ModelStreamPart> {
    const tokens = splitIntoTokens(offlineAnswer(request));
    for (const token of tokens) {
      options.signal?.throwIfAborted();
      if (this.tokenDelayMs > 0) await sleep(this.tokenDelayMs, options.signal);
      yield { type: 'text-delta', text: token };
    }
    yield {
      type: 'finish',
      usage: { inputTokens: estimateTokens(request.messages), outputTokens: tokens.length },
      finishReason: 'stop',
    };
  }
}
