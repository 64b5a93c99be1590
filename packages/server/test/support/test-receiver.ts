import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  /** The raw body, as a receiver verifying signatures must read it. */
  body: Buffer;
  receivedAt: number;
}

/** How the receiver answers: a status code, or a function writing the answer itself. */
export type ReceiverAnswer = number | ((response: ServerResponse) => void);

export interface TestReceiver {
  port: number;
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** A webhook receiver on 127.0.0.1 for tests; `answer` decides each response (200 by default). */
export async function startReceiver(
  answer: (request: ReceivedRequest, index: number) => ReceiverAnswer = () => 200,
): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { headers: request.headers, body: Buffer.concat(chunks), receivedAt: Date.now() };
      requests.push(received);
      const decision = answer(received, requests.length - 1);
      if (typeof decision === 'function') return decision(response);
      response.statusCode = decision;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (it was free a moment ago). */
export async function deadPort(): Promise<number> {
  const receiver = await startReceiver();
  await receiver.close();
  return receiver.port;
}
