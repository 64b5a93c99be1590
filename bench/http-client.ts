/**
 * The load generator's client for the sequential measurements: `node:http` with one keep-alive
 * socket per target, a body serialised once, and `content-length` set (no chunked upload). It does
 * less per request than `fetch` (no WHATWG streams), and the same client is used against Parley and
 * against the model server, so its own cost cancels out of the overhead.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface TimedResponse {
  status: number;
  /** The whole body, as text. */
  text: string;
  /** Request start to the last byte, in milliseconds. */
  totalMs: number;
  /** Request start to the first chunk `firstMarker` accepted, in milliseconds; null when none did. */
  markerMs: number | null;
}

export interface KeepAliveClient {
  /**
   * POSTs `body` to `pathname`. With `firstMarker`, each received chunk (as text, with everything
   * received before it) is checked and the time of the first accepted one is recorded.
   */
  post(
    pathname: string,
    body: string,
    firstMarker?: (receivedSoFar: string) => boolean,
  ): Promise<TimedResponse>;
  close(): void;
}

export function keepAliveClient(
  origin: string,
  headers: Record<string, string>,
  timeoutMs = 30_000,
): KeepAliveClient {
  const target = new URL(origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    post(pathname, body, firstMarker) {
      const payload = Buffer.from(body, 'utf8');
      return new Promise((resolve, reject) => {
        const started = performance.now();
        let markerMs: number | null = null;
        const request = http.request(
          {
            agent,
            host: target.hostname,
            port: target.port,
            method: 'POST',
            path: pathname,
            headers: { ...headers, 'content-type': 'application/json', 'content-length': payload.length },
            timeout: timeoutMs,
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              text += chunk;
              if (firstMarker && markerMs === null && firstMarker(text))
                markerMs = performance.now() - started;
            });
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                text,
                totalMs: performance.now() - started,
                markerMs,
              }),
            );
            response.on('error', reject);
          },
        );
        request.on('timeout', () =>
          request.destroy(new Error(`No answer from ${origin}${pathname} in ${timeoutMs} ms`)),
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** GET as JSON with the global fetch (setup calls only, never timed). */
export async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

export async function postJson<T>(url: string, headers: Record<string, string>, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
