import {
  answeringSentences,
  type ChatModel,
  estimateTokens,
  type ModelCallOptions,
  type ModelRequest,
  type ModelResult,
  type ModelSource,
  type ModelStreamPart,
  type ModelTool,
  type ModelToolCall,
  readSourcesBlock,
  sentencesOf,
  splitIntoTokens,
} from '@parley/engine';
import {
  asSentence,
  offlineToolCall,
  requiredArgumentsInWords,
  shorten,
  toolLackingArguments,
  toolResultsAnswer,
} from './offline-tools.js';
import { type AssistantAbilities, smallTalkAnswer, smallTalkKinds, whatToolsDo } from './small-talk.js';

export interface OfflineModelOptions {
  /** Pause between streamed tokens, so the demo looks like a model typing. */
  tokenDelayMs?: number;
}

/** The passages the engine wrote at the end of the system message; null when the agent has no knowledge. */
function sourcesOf(request: ModelRequest): ModelSource[] | null {
  const system = request.messages.find((message) => message.role === 'system');
  return system ? readSourcesBlock(system.content) : null;
}

function lastUserMessage(request: ModelRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    const message = request.messages[index];
    if (message?.role === 'user') return message.content;
  }
  return '';
}

/** A passage's sentence as an answer's sentence: without Markdown or table marks around it, ending with a full stop. */
function cleanSentence(sentence: string): string {
  const text = sentence
    .replace(/^(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|\|\s*)+/, '')
    .replace(/\s*\|\s*$/, '')
    .replace(/\s*\|\s*/g, ', ')
    .trim();
  return asSentence(text === '' ? sentence.trim() : text);
}

/**
 * The sentence that answers best, from every passage (not the first passage's best): between equals,
 * the passage retrieval ranked higher, then the earlier sentence.
 */
function answeringSentenceOf(
  sources: ModelSource[],
  question: string,
): { sentence: string; number: number } | null {
  let best: { sentence: string; score: number; number: number } | null = null;
  for (const source of sources)
    for (const scored of answeringSentences(source.text, question))
      if (!best || scored.score > best.score) best = { ...scored, number: source.number };
  return best;
}

/**
 * From the passages found: the sentence that best answers, cited by its number
 * (the engine turns `[n]` into a citation with the document, page and excerpt),
 * or a plain "not found". The text never names a file: the citation does.
 */
function answerFromSources(sources: ModelSource[], question: string): string {
  if (sources.length === 0) {
    return 'I could not find anything about that in the documents I was given, so I would rather not guess.';
  }
  const answering = answeringSentenceOf(sources, question);
  if (answering) return `${cleanSentence(answering.sentence)} [${answering.number}]`;
  const [first] = sources as [ModelSource];
  const opening = sentencesOf(first.text)[0] ?? first.text;
  return `I am not sure this answers your question, but the closest passage I found says: "${cleanSentence(opening)}" [${first.number}]`;
}

/** A question that asks for a tool without what it needs: say what it can do and ask for the rest. */
function askForArguments(tool: ModelTool): string {
  const [action] = whatToolsDo([tool]);
  const needed = requiredArgumentsInWords(tool);
  const what = needed.length > 1 ? `${needed.slice(0, -1).join(', ')} and ${needed.at(-1)}` : needed[0];
  const offer = action ? `I can ${action}. ` : '';
  return `${offer}What is ${what ?? 'it about'}?`;
}

/** What the agent can answer from, for small talk: its documents (a sources block) and its own tools. */
function abilitiesOf(request: ModelRequest): AssistantAbilities {
  return { hasDocuments: sourcesOf(request) !== null, toolActions: whatToolsDo(request.tools ?? []) };
}

/**
 * The answer the offline model gives: after its tool calls, their results in
 * plain words; small talk answered as small talk; else from the documents when
 * it has some; else honest about what it is.
 */
export function offlineAnswer(request: ModelRequest): string {
  const fromTools = toolResultsAnswer(request.messages);
  if (fromTools !== null) return fromTools;
  const smallTalk = smallTalkKinds(lastUserMessage(request));
  if (smallTalk.length > 0) return smallTalkAnswer(smallTalk, abilitiesOf(request));
  const lacking = toolLackingArguments(request);
  if (lacking) return askForArguments(lacking);
  const sources = sourcesOf(request);
  if (sources) return answerFromSources(sources, lastUserMessage(request));
  const question = shorten(lastUserMessage(request), 120);
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

const offlineModelName = 'offline';

/** A tool call's output tokens: its name and arguments, as a model would write them. */
function toolCallTokens(toolCall: ModelToolCall): number {
  return splitIntoTokens(`${toolCall.name} ${toolCall.arguments}`).length;
}

/**
 * A model that needs no account: it answers plainly what it is, token by token,
 * from the passages at the end of its system message (as the engine writes them
 * for any model), and calls an agent's HTTP tool when the
 * question plainly asks for it and carries its arguments (see offline-tools.ts).
 */
export class OfflineModel implements ChatModel {
  readonly name = offlineModelName;
  /** It cannot reason about which agent fits: routing keeps the session's last agent. */
  readonly choosesAgents = false;
  private readonly tokenDelayMs: number;

  constructor(options: OfflineModelOptions = {}) {
    this.tokenDelayMs = options.tokenDelayMs ?? 0;
  }

  async generate(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    options.signal?.throwIfAborted();
    const toolCall = offlineToolCall(request);
    if (toolCall) {
      return {
        text: '',
        usage: { inputTokens: estimateTokens(request.messages), outputTokens: toolCallTokens(toolCall) },
        finishReason: 'tool-calls',
        toolCalls: [toolCall],
      };
    }
    const text = offlineAnswer(request);
    return {
      text,
      usage: { inputTokens: estimateTokens(request.messages), outputTokens: splitIntoTokens(text).length },
      finishReason: 'stop',
      toolCalls: [],
    };
  }

  async *stream(request: ModelRequest, options: ModelCallOptions = {}): AsyncIterable<ModelStreamPart> {
    const toolCall = offlineToolCall(request);
    if (toolCall) {
      options.signal?.throwIfAborted();
      if (this.tokenDelayMs > 0) await sleep(this.tokenDelayMs, options.signal);
      yield { type: 'tool-call', toolCall };
      yield {
        type: 'finish',
        usage: { inputTokens: estimateTokens(request.messages), outputTokens: toolCallTokens(toolCall) },
        finishReason: 'tool-calls',
      };
      return;
    }
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
