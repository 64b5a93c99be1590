import { RequestAbort } from './abort.js';
import { codeForStatus, type ErrorDetails, isServerErrorCode, ParleyApiError } from './errors.js';
import type { ResolvedClientOptions } from './options.js';
import { readRateLimit, readRetryAfterSeconds } from './rate-limit.js';
import type { RequestOptions } from './types/common.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest extends RequestOptions {
  method: HttpMethod;
  /** Below `/v1`, starting with `/`; ids already encoded (see `pathOf`). */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `multipart/form-data` (the runtime sets the boundary); takes the place of `body`. */
  form?: FormData;
}

/** A streaming answer whose headers arrived with a 2xx status. */
export interface OpenedStream {
  response: Response;
  abort: RequestAbort;
}

/** Builds a path from literal parts and encoded ids: pathOf`/apps/${appId}/execute`. */
export function pathOf(parts: TemplateStringsArray, ...ids: string[]): string {
  return parts.reduce((path, part, index) => {
    const id = ids[index - 1];
    return path + (id === undefined ? '' : encodeURIComponent(id)) + part;
  }, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `ParleyApiError` for a non-2xx answer, from its `{error: {code, message, details}}` body. */
export async function errorFromResponse(response: Response): Promise<ParleyApiError> {
  const text = await response.text();
  const body = parseJson(text);
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
  const details: ErrorDetails = isRecord(error['details']) ? error['details'] : {};
  const message =
    typeof error['message'] === 'string'
      ? error['message']
      : `HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  return new ParleyApiError({
    code: isServerErrorCode(error['code']) ? error['code'] : codeForStatus(response.status),
    status: response.status,
    message,
    details,
    rateLimit: readRateLimit(response.headers),
    retryAfterSeconds: readRetryAfterSeconds(response.headers),
  });
}

async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  const body = parseJson(text);
  if (body === undefined) {
    throw new ParleyApiError({
      code: 'invalid_response',
      status: response.status,
      message: `Expected a JSON answer, got: ${text.slice(0, 200)}`,
    });
  }
  return body as T;
}

export class HttpClient {
  private readonly options: ResolvedClientOptions;

  constructor(options: ResolvedClientOptions) {
    this.options = options;
  }

  /** Sends a request and returns its JSON answer; a non-2xx answer rejects with `ParleyApiError`. */
  async request<T>(request: HttpRequest): Promise<T> {
    const abort = new RequestAbort(request.signal, request.timeoutMs ?? this.options.timeoutMs);
    try {
      const response = await this.send(request, abort, 'application/json');
      if (!response.ok) throw await errorFromResponse(response);
      return await readJson<T>(response);
    } catch (error) {
      throw abort.translate(error);
    } finally {
      abort.dispose();
    }
  }

  /** Sends a request answered by Server-Sent Events; resolves once a 2xx status and headers arrive. */
  async openStream(request: HttpRequest): Promise<OpenedStream> {
    const abort = new RequestAbort(request.signal, request.timeoutMs ?? this.options.timeoutMs);
    try {
      const response = await this.send(request, abort, 'text/event-stream');
      if (!response.ok) throw await errorFromResponse(response);
      abort.stopTimer();
      return { response, abort };
    } catch (error) {
      abort.dispose();
      throw abort.translate(error);
    }
  }

  private send(request: HttpRequest, abort: RequestAbort, accept: string): Promise<Response> {
    const headers = new Headers({ Accept: accept });
    const json = request.form === undefined && request.body !== undefined;
    if (json) headers.set('Content-Type', 'application/json');
    for (const [name, value] of Object.entries({ ...this.options.headers, ...request.headers })) {
      headers.set(name, value);
    }
    headers.set('Authorization', `Bearer ${this.options.apiKey}`);
    const init: RequestInit = { method: request.method, headers, signal: abort.signal };
    if (request.form !== undefined) init.body = request.form;
    else if (json) init.body = JSON.stringify(request.body);
    return this.options.fetch(this.url(request), init);
  }

  private url(request: HttpRequest): string {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) query.set(name, String(value));
    }
    const search = query.toString();
    return `${this.options.apiBaseUrl}${request.path}${search ? `?${search}` : ''}`;
  }
}
