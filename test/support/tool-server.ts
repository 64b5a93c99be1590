import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ToolServerRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw body text ('' when none). */
  body: string;
}

export interface ToolServer {
  /** e.g. `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  requests: ToolServerRequest[];
  close(): Promise<void>;
}

/**
 * A business API on 127.0.0.1 for HTTP tool tests, recording every request.
 * `GET /orders/:id` answers the order's status as JSON, `/slow` answers after
 * two seconds, `/hang` never answers (until the server closes), `/broken` answers 500,
 * anything else echoes the request as JSON.
 */
export async function startToolServer(): Promise<ToolServer> {
  const requests: ToolServerRequest[] = [];
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', async () => {
      const url = new URL(request.url ?? '/', 'http://tools.test');
      const recorded: ToolServerRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
        body: Buffer.concat(parts).toString('utf8'),
      };
      requests.push(recorded);
      const order = /^\/orders\/([^/]+)$/.exec(url.pathname);
      if (url.pathname === '/hang') return;
      if (url.pathname === '/slow') await sleep(2_000);
      if (url.pathname === '/broken') {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end('the order system is down');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          order
            ? { order_id: decodeURIComponent(order[1] ?? ''), status: 'shipped', carrier: 'DHL' }
            : { echo: recorded },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
