import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bolt's default, used when the server names no limit. */
export const defaultBodyLimitBytes = 4 * 1024 * 1024;

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
