import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  AnswerPlan,
  ChatCompletionRequestBody,
  ScriptedError,
  ScriptedReply,
  ScriptedUsage,
} from './openai-server.js';
import { base64Embedding, testEmbedding } from './test-embeddings.js';

/** How the OpenAI test server writes its answers: embeddings, completions whole or streamed, errors and dropped connections. */

/** The OpenAI error type of each HTTP status, when a script names none. */
export const defaultErrorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
};

export function embeddingInput(input: unknown): string[] | null {
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.every((text) => typeof text === 'string')) return input as string[];
  return null;
}

/** OpenAI's Embeddings API with deterministic vectors (see `testEmbedding`), floats or base64. */
export function answerEmbeddings(
  body: ChatCompletionRequestBody,
  response: ServerResponse,
  failure: ScriptedError | null,
): void {
  const sendError = (status: number, message: string, type?: string, param: string | null = null) =>
    sendJson(response, status, {
      error: { message, type: type ?? defaultErrorTypes[status] ?? 'server_error', param, code: null },
    });
  if (failure) {
    sendError(failure.status, failure.message, failure.type);
    return;
  }
  const texts = embeddingInput(body.input);
  if (texts === null || texts.length === 0 || typeof body.model !== 'string') {
    sendError(400, "'input' must be a string or an array of strings, with a 'model'.", undefined, 'input');
    return;
  }
  const base64 = body.encoding_format === 'base64';
  const tokens = texts.reduce((sum, text) => sum + Math.max(1, Math.ceil(text.length / 4)), 0);
  sendJson(response, 200, {
    object: 'list',
    data: texts.map((text, index) => {
      const vector = testEmbedding(text);
      return { object: 'embedding', index, embedding: base64 ? base64Embedding(vector) : vector };
    }),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

export interface CompletionHeader {
  id: string;
  created: number;
  model: string;
  system_fingerprint: string;
}

export function completionObject(plan: AnswerPlan, header: CompletionHeader) {
  const toolCalls = plan.toolCalls.map((toolCall) => ({
    id: toolCall.id,
    type: 'function',
    function: { name: toolCall.name, arguments: toolCall.arguments },
  }));
  return {
    id: header.id,
    object: 'chat.completion',
    created: header.created,
    model: header.model,
    system_fingerprint: header.system_fingerprint,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: plan.content === '' && toolCalls.length > 0 ? null : plan.content,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: plan.finishReason,
      },
    ],
    ...(plan.usage ? { usage: withTotal(plan.usage) } : {}),
  };
}

export async function streamAnswer(
  reply: ScriptedReply,
  plan: AnswerPlan,
  header: CompletionHeader,
  body: ChatCompletionRequestBody,
  response: ServerResponse,
  closed: AbortSignal,
): Promise<void> {
  const usage = body.stream_options?.include_usage === true ? plan.usage : null;
  const chunk = (delta: object, finishReason: string | null = null) =>
    `data: ${JSON.stringify({
      id: header.id,
      object: 'chat.completion.chunk',
      created: header.created,
      model: header.model,
      system_fingerprint: header.system_fingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(usage ? { usage: null } : {}),
    })}\n\n`;

  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  const roleChunk = chunk({ role: 'assistant', content: '', refusal: null });
  const dropAfter = reply.dropConnectionAfterChunks;
  if (dropAfter !== undefined && (dropAfter === 0 || plan.pieces.length === 0)) {
    return dropConnection(response, roleChunk);
  }
  response.write(roleChunk);
  let written = 0;
  for (const piece of plan.pieces) {
    if (written > 0 && reply.tokenDelayMs) await sleep(reply.tokenDelayMs, undefined, { signal: closed });
    if (closed.aborted) return;
    written++;
    if (written === dropAfter || (dropAfter !== undefined && written === plan.pieces.length)) {
      return dropConnection(response, chunk({ content: piece }));
    }
    response.write(chunk({ content: piece }));
  }

  plan.toolCalls.forEach((toolCall, index) => {
    response.write(
      chunk({
        tool_calls: [
          { index, id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: '' } },
        ],
      }),
    );
    for (const part of splitArguments(toolCall.arguments)) {
      response.write(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  });

  response.write(chunk({}, plan.finishReason));
  if (usage) {
    response.write(
      `data: ${JSON.stringify({
        id: header.id,
        object: 'chat.completion.chunk',
        created: header.created,
        model: header.model,
        system_fingerprint: header.system_fingerprint,
        choices: [],
        usage: withTotal(usage),
      })}\n\n`,
    );
  }
  response.end('data: [DONE]\n\n');
}

/** Writes the last text, then destroys the socket once it has been sent: a provider dying mid-answer. */
export async function dropConnection(response: ServerResponse, lastText: string): Promise<void> {
  await new Promise<void>((resolve) => response.write(lastText, () => resolve()));
  response.destroy();
}

/** Splits tool-call arguments in two, as OpenAI streams them over a couple of chunks. */
export function splitArguments(text: string): string[] {
  if (text.length < 2) return text === '' ? [] : [text];
  const middle = Math.ceil(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)];
}

export function withTotal(usage: ScriptedUsage) {
  return {
    prompt_tokens: usage.prompt_tokens,
    completion_tokens: usage.completion_tokens,
    total_tokens: usage.prompt_tokens + usage.completion_tokens,
  };
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const text = JSON.stringify(value);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
