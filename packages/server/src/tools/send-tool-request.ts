import http from 'node:http';
import https from 'node:https';
import type { ToolCallOutcome } from '@parley/engine';
import { describeError, guardedLookup, statusProblem, urlProblem } from '../webhooks/guarded-lookup.js';
import type { ToolRequest } from './build-tool-request.js';

export interface SendToolRequestOptions {
  headers: Record<string, string>;
  /** For everything: resolving, connecting, sending and reading the whole answer. */
  timeoutMs: number;
  /** Bytes of the answer kept for the model; the rest is not read. */
  maxResponseBytes: number;
  /** Let the request reach loopback, private and link-local addresses (development only). */
  allowPrivate: boolean;
  signal?: AbortSignal;
}

const defaultHeaders: Record<string, string> = {
  'user-agent': 'Parley-Tools/0.1',
  accept: 'application/json, text/plain;q=0.9, */*;q=0.1',
};

function requestHeaders(request: ToolRequest, toolHeaders: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...defaultHeaders };
  for (const [name, value] of Object.entries(toolHeaders)) headers[name.toLowerCase()] = value;
  if (request.body !== null) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(request.body));
  }
  return headers;
}

/**
 * Makes one tool call with the webhooks' guards: no private address unless
 * allowed (checked on the literal URL and on every resolved address), no
 * redirect followed, one timeout for everything, and only the first
 * `maxResponseBytes` of the answer kept. Resolves with the outcome; never rejects.
 */
export function sendToolRequest(
  request: ToolRequest,
  options: SendToolRequestOptions,
): Promise<ToolCallOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let outgoing: http.ClientRequest | undefined;
    const parts: Buffer[] = [];
    let received = 0;
    const body = () => Buffer.concat(parts).toString('utf8');
    const finish = (status: number | null, error: string | null, text = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      outgoing?.destroy();
      resolve({ ok: error === null, status, body: text, error });
    };
    const onAbort = () => finish(null, 'cancelled: the client went away');
    try {
      const problem = urlProblem(request.url, options.allowPrivate);
      if (problem) return finish(null, problem);
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const url = new URL(request.url);
      const transport = url.protocol === 'https:' ? https : http;
      outgoing = transport.request(
        url,
        {
          method: request.method,
          headers: requestHeaders(request, options.headers),
          agent: false,
          lookup: guardedLookup(options.allowPrivate),
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const done = (cut: boolean) => {
            const text = cut
              ? `${body()}\n[the answer was cut at ${options.maxResponseBytes} bytes]`
              : body();
            finish(status, statusProblem(status), text);
          };
          response.on('data', (chunk: Buffer) => {
            const room = options.maxResponseBytes - received;
            received += chunk.length;
            parts.push(room >= chunk.length ? chunk : chunk.subarray(0, Math.max(room, 0)));
            if (received > options.maxResponseBytes) done(true);
          });
          response.on('end', () => done(false));
          response.on('error', (error) => finish(status, `the answer broke off: ${describeError(error)}`));
        },
      );
      outgoing.on('error', (error) => finish(null, describeError(error)));
      timer = setTimeout(() => finish(null, `timed out after ${options.timeoutMs} ms`), options.timeoutMs);
      outgoing.end(request.body ?? undefined);
    } catch (error) {
      finish(null, describeError(error));
    }
  });
}
