import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { withRawBody } from './bounded-body.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const limitBytes = 16;
let server: Server | null = null;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

/** A server whose only endpoint echoes the bytes `withRawBody` handed it. */
async function startEcho(): Promise<{ url: string; received: Buffer[] }> {
  const received: Buffer[] = [];
  server = createServer(
    withRawBody(limitBytes, (_request, response, body) => {
      received.push(body);
      response.end(`got ${body.length}: ${body.toString('utf8')}`);
    }),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

/** POSTs `chunks` one write each: with `Content-Length` when `declared`, else chunked. */
function post(url: string, chunks: string[], declared: boolean): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
    const outgoing = request(url, {
      method: 'POST',
      headers: declared ? { 'content-length': String(length) } : {},
    });
    outgoing.on('response', (incoming) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (text: string) => {
        body += text;
      });
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }),
      );
    });
    // The server may close before every byte is written: only the answer matters.
    outgoing.on('error', (error) => (outgoing.writableEnded ? undefined : reject(error)));
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

const tooLarge = {
  error: { code: 'payload_too_large', message: `The body is over ${limitBytes} bytes`, details: {} },
};

describe('withRawBody', () => {
  it('hands the exact bytes on, up to the limit itself', async () => {
    const { url, received } = await startEcho();
    const answer = await post(url, ['0123456789', 'abcdef'], false);
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('got 16: 0123456789abcdef');
    expect(received).toHaveLength(1);
  });

  it('refuses a body declared over the limit with 413 and Connection: close, without reading it', async () => {
    const { url, received } = await startEcho();
    const answer = await post(url, ['x'.repeat(limitBytes + 1)], true);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual(tooLarge);
    expect(received).toHaveLength(0);
  });

  it('refuses a chunked body once it grows past the limit, and keeps answering afterwards', async () => {
    const { url, received } = await startEcho();
    const answer = await post(url, ['x'.repeat(10), 'y'.repeat(10), 'z'.repeat(10)], false);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toEqual(tooLarge);
    expect(received).toHaveLength(0);

    const next = await post(url, ['small'], true);
    expect(next.status).toBe(200);
    expect(next.body).toBe('got 5: small');
  });
});
