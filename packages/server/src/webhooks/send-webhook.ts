import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { describeError, guardedLookup, statusProblem, urlProblem } from './guarded-lookup.js';

export interface SendWebhookInput {
  url: string;
  /** Sent as is: the signature in `headers` is over these bytes. */
  body: string;
  headers: Record<string, string>;
  /** For everything: resolving, connecting, sending and reading the answer. */
  timeoutMs: number;
  /** Let the request reach loopback, private and link-local addresses (development only). */
  allowPrivate: boolean;
}

export interface SendWebhookResult {
  /** The receiver's status code, or null when it never answered. */
  statusCode: number | null;
  /** Why the attempt failed, or null for a 2xx answer. */
  error: string | null;
  durationMs: number;
}

/** How much of an answer is read (and thrown away) before the connection is dropped. */
const maxResponseBytes = 64 * 1024;

/**
 * POSTs one webhook body, following no redirect. Resolves with the outcome;
 * never rejects. A 2xx answer is a success, anything else (3xx included) is a
 * failure with `error` set.
 */
export function sendWebhook(input: SendWebhookInput): Promise<SendWebhookResult> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let answeredStatus: number | null = null;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error, durationMs: Math.round(performance.now() - startedAt) });
    };
    try {
      const problem = urlProblem(input.url, input.allowPrivate);
      if (problem) return finish(null, problem);
      const url = new URL(input.url);
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(
        url,
        {
          method: 'POST',
          headers: { ...input.headers, 'Content-Length': String(Buffer.byteLength(input.body)) },
          agent: false,
          lookup: guardedLookup(input.allowPrivate),
        },
        (response) => {
          const statusCode = response.statusCode ?? 0;
          answeredStatus = statusCode;
          let received = 0;
          response.on('data', (chunk: Buffer) => {
            received += chunk.length;
            if (received <= maxResponseBytes) return;
            finish(statusCode, statusProblem(statusCode));
            request.destroy();
          });
          response.on('end', () => finish(statusCode, statusProblem(statusCode)));
          response.on('error', () => finish(statusCode, statusProblem(statusCode)));
        },
      );
      request.on('error', (error) => {
        if (answeredStatus !== null) finish(answeredStatus, statusProblem(answeredStatus));
        else finish(null, describeError(error));
      });
      timer = setTimeout(() => {
        // Once the receiver has answered, its status counts even if the rest of the answer is slow.
        if (answeredStatus !== null) finish(answeredStatus, statusProblem(answeredStatus));
        else finish(null, `timed out after ${input.timeoutMs} ms`);
        request.destroy();
      }, input.timeoutMs);
      request.end(input.body);
    } catch (error) {
      finish(null, describeError(error));
    }
  });
}
