import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request's body, read up to `limitBytes`; null when it is larger. A body
 * declared larger is not read at all, and reading stops at the limit.
 */
export function readBoundedBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limitBytes) {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.off('data', onData);
        request.off('end', onEnd);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', reject);
  });
}

/**
 * 413 for a body over the limit, and the connection closed after it: the rest
 * of the body is thrown away as it arrives, so the next request never waits
 * behind bytes nobody reads (a keep-alive client opens a new connection).
 */
export function refuseTooLarge(request: IncomingMessage, response: ServerResponse, limitBytes: number): void {
  request.resume();
  response.writeHead(413, { connection: 'close', 'content-type': 'application/json; charset=utf-8' });
  response.end(
    JSON.stringify({
      error: { code: 'payload_too_large', message: `The body is over ${limitBytes} bytes`, details: {} },
    }),
  );
}

/**
 * A request handler that reads the body within `limitBytes` and hands the bytes on: the
 * one way a receiver endpoint with `body: 'raw'` gets its body. A request that breaks
 * off while being read is dropped.
 */
export function withRawBody(
  limitBytes: number,
  handle: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void | Promise<void>,
) {
  return async function readRawBody(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: Buffer | null;
    try {
      body = await readBoundedBody(request, limitBytes);
    } catch {
      response.destroy();
      return;
    }
    if (body === null) {
      refuseTooLarge(request, response, limitBytes);
      return;
    }
    await handle(request, response, body);
  };
}
