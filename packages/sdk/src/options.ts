export const defaultBaseUrl = 'http://localhost:3000';
export const defaultTimeoutMs = 120_000;

export interface ClientOptions {
  /** `sk_…` secret key, `pk_…` publishable key or a share token. */
  apiKey: string;
  /** Server origin, default `http://localhost:3000`. The SDK adds `/v1`; a trailing `/` or `/v1` is fine too. */
  baseUrl?: string;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Milliseconds to wait for an answer (default 120000; 0: no timeout). For streams it bounds
   * the wait for the answer's headers only, not the whole stream.
   */
  timeoutMs?: number;
}

export interface ResolvedClientOptions {
  apiKey: string;
  /** Base URL ending in `/v1`, without a trailing slash. */
  apiBaseUrl: string;
  fetch: typeof fetch;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** `http://host:3000`, `http://host:3000/` and `http://host:3000/v1/` all give `http://host:3000/v1`. */
export function toApiBaseUrl(baseUrl: string = defaultBaseUrl): string {
  const withoutSlash = baseUrl.trim().replace(/\/+$/, '');
  const origin = withoutSlash.endsWith('/v1') ? withoutSlash.slice(0, -'/v1'.length) : withoutSlash;
  return `${origin}/v1`;
}

export function resolveOptions(options: ClientOptions): ResolvedClientOptions {
  if (typeof options?.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new TypeError('AgentPlatform: `apiKey` is required');
  }
  const chosenFetch = options.fetch ?? globalThis.fetch;
  if (typeof chosenFetch !== 'function') {
    throw new TypeError('AgentPlatform: no global `fetch`; pass one as `fetch`');
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw new TypeError('AgentPlatform: `timeoutMs` must be a number ≥ 0');
  }
  return {
    apiKey: options.apiKey,
    apiBaseUrl: toApiBaseUrl(options.baseUrl),
    // Called as a plain function: browsers refuse `fetch` called as a method of another object.
    fetch: (input, init) => chosenFetch(input, init),
    headers: { ...options.headers },
    timeoutMs,
  };
}
