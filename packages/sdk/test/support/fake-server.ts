import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake server received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/v1/apps?limit=2`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as received (a multipart upload's file is binary). */
  rawBody: Buffer;
}

export type FakeHandler = (
  received: ReceivedRequest,
  response: ServerResponse,
  request: IncomingMessage,
) => void | Promise<void>;

/** A local HTTP server playing scripted answers, standing in for the Parley server. */
export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  received: ReceivedRequest[];
  /** Answers every following request with `handler`. */
  answer(handler: FakeHandler): void;
  close(): Promise<void>;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Answers with `body` as JSON and status 200. */
export function replyJson(body: unknown, status = 200, headers: Record<string, string> = {}): FakeHandler {
  return (_received, response) => sendJson(response, status, body, headers);
}

export function startSse(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  response.flushHeaders();
}

export function sseEvent(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Resolves with true when the client closed the connection before the answer was complete. */
export function closedByClient(response: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => response.on('close', () => resolve(!response.writableFinished)));
}

export const pause = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The parts of a `multipart/form-data` request the fake server received. */
export function formDataOf(received: ReceivedRequest): Promise<FormData> {
  const contentType = String(received.headers['content-type'] ?? '');
  return new Response(new Uint8Array(received.rawBody), {
    headers: { 'Content-Type': contentType },
  }).formData();
}

export async function startFakeServer(): Promise<FakeServer> {
  let handler: FakeHandler = replyJson(
    { error: { code: 'not_found', message: 'No answer scripted', details: {} } },
    404,
  );
  const received: ReceivedRequest[] = [];
  const server = createServer(async (request, response) => {
    const rawBody = await readBody(request);
    const entry: ReceivedRequest = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: rawBody.toString('utf8'),
      rawBody,
    };
    received.push(entry);
    await handler(entry, response, request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    answer(next) {
      handler = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
