/**
 * A fake of the model provider: speaks the OpenAI Chat Completions wire protocol over real HTTP,
 * so tests and benchmarks can drive the real `openai` SDK against scripted replies.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  answerEmbeddings,
  completionObject,
  defaultErrorTypes,
  embeddingInput,
  isObject,
  readBody,
  sendJson,
  splitArguments,
  streamAnswer,
} from './openai-answers.js';

export interface ScriptedToolCall {
  /** Defaults to `call_<n>`. */
  id?: string;
  name: string;
  /** JSON text, as a model writes it. */
  arguments: string;
}

export interface ScriptedUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface ScriptedError {
  status: number;
  message: string;
  /** Defaults from the status, e.g. `rate_limit_exceeded` for 429. */
  type?: string;
}

export type ScriptedFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ScriptedReply {
  /** Defaults to `chunks.join('')`, else empty. */
  content?: string;
  toolCalls?: ScriptedToolCall[];
  /** Defaults to an estimate: prompt chars / 4 rounded up, and the number of answer deltas. */
  usage?: ScriptedUsage;
  /** Send no usage at all, as OpenAI-compatible servers that ignore `stream_options` do. */
  omitUsage?: boolean;
  /** Defaults to `tool_calls` when there are tool calls, else `stop`. */
  finishReason?: ScriptedFinishReason;
  /** Answer this HTTP status with OpenAI's error body instead of a completion. */
  error?: ScriptedError;
  /** Delay before anything is answered (stream: before the headers and the first chunk). */
  firstTokenDelayMs?: number;
  /** Stream: delay between two content chunks. */
  tokenDelayMs?: number;
  /** How to split content into stream deltas; defaults to word-ish tokens keeping whitespace. */
  chunks?: string[];
  /** Stream: destroy the socket after this many content chunks, as a provider dying mid-answer. */
  dropConnectionAfterChunks?: number;
}

export interface ChatCompletionRequestMessage {
  role: string;
  content?: string | { type: string; text?: string }[] | null;
  [key: string]: unknown;
}

export interface ChatCompletionRequestBody {
  model?: string;
  messages?: ChatCompletionRequestMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  temperature?: number;
  max_tokens?: number;
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; `{}` when the body was not a JSON object. */
  body: ChatCompletionRequestBody;
}

export type ReplyScript = ScriptedReply | ((request: RecordedRequest) => ScriptedReply);

export interface OpenAiTestServer {
  /** Base URL ending in `/v1`, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: RecordedRequest[];
  enqueue(...replies: ScriptedReply[]): void;
  setDefault(reply: ReplyScript): void;
  /** Answer `/v1/embeddings` with this error (null: answer normally again). */
  failEmbeddings(error: ScriptedError | null): void;
  /** The texts of every recorded `/v1/embeddings` request, one array per request. */
  embeddingInputs(): string[][];
  close(): Promise<void>;
}

export interface OpenAiTestServerOptions {
  /** Defaults to 0: any free port. */
  port?: number;
  /** Keep every request in `requests`; defaults to true. Benchmarks turn it off to keep memory flat. */
  recordRequests?: boolean;
}

export interface AnswerPlan {
  content: string;
  pieces: string[];
  toolCalls: Required<ScriptedToolCall>[];
  usage: ScriptedUsage | null;
  finishReason: ScriptedFinishReason;
}

export function echoReply(request: RecordedRequest): ScriptedReply {
  const messages = request.body.messages ?? [];
  const lastUser = messages.findLast((message) => message.role === 'user');
  return { content: `Echo: ${lastUser ? messageText(lastUser) : ''}` };
}

/** Word-ish tokens keeping whitespace: `splitIntoTokens(text).join('') === text`. */
export function splitIntoTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** A deterministic prompt size: total characters of the message contents / 4, rounded up, at least 1. */
export function estimatePromptTokens(body: ChatCompletionRequestBody): number {
  let characters = 0;
  for (const message of body.messages ?? []) characters += messageText(message).length;
  return Math.max(1, Math.ceil(characters / 4));
}

function messageText(message: ChatCompletionRequestMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('');
}

export async function startOpenAiTestServer(
  options: OpenAiTestServerOptions = {},
): Promise<OpenAiTestServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const recordRequests = options.recordRequests ?? true;
  let defaultReply: ReplyScript = echoReply;
  let completionCount = 0;
  let toolCallCount = 0;
  let embeddingsFailure: ScriptedError | null = null;

  function planAnswer(reply: ScriptedReply, body: ChatCompletionRequestBody): AnswerPlan {
    const content = reply.content ?? reply.chunks?.join('') ?? '';
    const pieces = reply.chunks ?? splitIntoTokens(content);
    const toolCalls = (reply.toolCalls ?? []).map((toolCall) => ({
      id: toolCall.id ?? `call_${++toolCallCount}`,
      name: toolCall.name,
      arguments: toolCall.arguments,
    }));
    let toolCallDeltas = 0;
    for (const toolCall of toolCalls) toolCallDeltas += 1 + splitArguments(toolCall.arguments).length;
    return {
      content,
      pieces,
      toolCalls,
      usage: reply.omitUsage
        ? null
        : (reply.usage ?? {
            prompt_tokens: estimatePromptTokens(body),
            completion_tokens: pieces.length + toolCallDeltas,
          }),
      finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    };
  }

  async function answerCompletion(
    recorded: RecordedRequest,
    response: ServerResponse,
    closed: AbortSignal,
  ): Promise<void> {
    const next = queue.shift();
    const reply = next ?? (typeof defaultReply === 'function' ? defaultReply(recorded) : defaultReply);
    if (reply.firstTokenDelayMs) await sleep(reply.firstTokenDelayMs, undefined, { signal: closed });
    if (reply.error) {
      const { status, message, type } = reply.error;
      sendJson(response, status, {
        error: {
          message,
          type: type ?? defaultErrorTypes[status] ?? 'server_error',
          param: null,
          code: null,
        },
      });
      return;
    }
    const plan = planAnswer(reply, recorded.body);
    const header = {
      id: `chatcmpl-parley${(++completionCount).toString(36)}`,
      created: Math.floor(Date.now() / 1000),
      model: recorded.body.model ?? 'unknown',
      system_fingerprint: 'fp_parley_test',
    };
    if (recorded.body.stream === true) {
      await streamAnswer(reply, plan, header, recorded.body, response, closed);
    } else {
      sendJson(response, 200, completionObject(plan, header));
    }
  }

  const server = createServer((request, response) => {
    const closed = new AbortController();
    response.on('close', () => closed.abort());
    handle(request, response, closed.signal).catch((error: unknown) => {
      if (closed.signal.aborted) return;
      sendJson(response, 500, {
        error: { message: String(error), type: 'server_error', param: null, code: null },
      });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse, closed: AbortSignal) {
    const rawBody = await readBody(request);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const method = request.method ?? 'GET';
    let parsed: unknown;
    let malformed = false;
    try {
      parsed = rawBody.length > 0 ? JSON.parse(rawBody) : {};
    } catch {
      malformed = true;
    }
    const body = isObject(parsed) ? (parsed as ChatCompletionRequestBody) : {};
    const recorded: RecordedRequest = { method, path, headers: request.headers, body };
    if (recordRequests) requests.push(recorded);

    if (method === 'POST' && path === '/v1/embeddings' && !malformed && isObject(parsed)) {
      answerEmbeddings(body, response, embeddingsFailure);
      return;
    }
    if (method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(response, 404, {
        error: {
          message: `Unknown request URL: ${method} ${path}`,
          type: 'invalid_request_error',
          param: null,
          code: 'unknown_url',
        },
      });
      return;
    }
    if (malformed || !isObject(parsed)) {
      sendJson(response, 400, {
        error: {
          message: 'The request body is not valid JSON.',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
      return;
    }
    if (!Array.isArray(body.messages)) {
      sendJson(response, 400, {
        error: {
          message: "Missing required parameter: 'messages'.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'missing_required_parameter',
        },
      });
      return;
    }
    await answerCompletion(recorded, response, closed);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue(...replies) {
      queue.push(...replies);
    },
    setDefault(reply) {
      defaultReply = reply;
    },
    failEmbeddings(error) {
      embeddingsFailure = error;
    },
    embeddingInputs() {
      return requests
        .filter((request) => request.path === '/v1/embeddings')
        .map((request) => embeddingInput(request.body.input) ?? []);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
