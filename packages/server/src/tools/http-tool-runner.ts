import type { ToolRunner } from '@parley/engine';
import { buildToolRequest, type ToolRequest } from './build-tool-request.js';
import { sendToolRequest } from './send-tool-request.js';

export interface HttpToolRunnerOptions {
  /** `PARLEY_ALLOW_PRIVATE_URLS=1`: tools may reach loopback and private addresses. */
  allowPrivate: boolean;
  /** Per call, for everything; defaults to 10 s. */
  timeoutMs?: number;
  /** How much of an answer the model gets; defaults to 32 KiB. */
  maxResponseBytes?: number;
  /**
   * Origins trusted although they are private: this server's own (for the
   * demo's order tool). Tools made through the API cannot point there, as
   * their URLs are checked when they are created.
   */
  trustedOrigins?: Set<string>;
}

function isTrusted(origins: Set<string> | undefined, url: string): boolean {
  if (!origins || origins.size === 0) return false;
  try {
    return origins.has(new URL(url).origin);
  } catch {
    return false;
  }
}

/** The server's `ToolRunner`: calls agents' HTTP tools over the network, with the webhooks' guards. */
export function createHttpToolRunner(options: HttpToolRunnerOptions): ToolRunner {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxResponseBytes = options.maxResponseBytes ?? 32 * 1024;
  return {
    async call(tool, toolArguments, { signal }) {
      let request: ToolRequest;
      try {
        request = buildToolRequest(tool, toolArguments);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, status: null, body: '', error: `invalid arguments: ${reason}` };
      }
      return sendToolRequest(request, {
        headers: tool.headers,
        timeoutMs,
        maxResponseBytes,
        allowPrivate: options.allowPrivate || isTrusted(options.trustedOrigins, request.url),
        signal,
      });
    },
  };
}
