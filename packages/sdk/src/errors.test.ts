import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, pause, replyJson, sendJson, startFakeServer } from '../test/support/fake-server.js';
import { AgentPlatform, isParleyApiError, ParleyApiError } from './index.js';
import { readRetryAfterSeconds } from './rate-limit.js';

let fake: FakeServer;
let client: AgentPlatform;

beforeAll(async () => {
  fake = await startFakeServer();
  client = new AgentPlatform({ apiKey: 'sk_x', baseUrl: fake.origin });
});
afterAll(() => fake.close());

async function failure(promise: Promise<unknown>): Promise<ParleyApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isParleyApiError(error)) throw new Error(`expected a ParleyApiError, got ${String(error)}`);
  return error;
}

describe('non-2xx answers', () => {
  it('carry code, status, message, details and the rate limit headers', async () => {
    fake.answer(
      replyJson(
        { error: { code: 'not_found', message: 'Session not found', details: { session_id: 'sess_gone' } } },
        404,
        { 'X-RateLimit-Limit': '600', 'X-RateLimit-Remaining': '599', 'X-RateLimit-Reset': '1705330260' },
      ),
    );
    const error = await failure(client.sessions.history({ appId: 'app_1', sessionId: 'sess_gone' }));
    expect(error).toBeInstanceOf(ParleyApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ParleyApiError');
    expect(error.code).toBe('not_found');
    expect(error.status).toBe(404);
    expect(error.message).toBe('Session not found');
    expect(error.details).toEqual({ session_id: 'sess_gone' });
    expect(error.rateLimit).toEqual({ limit: 600, remaining: 599, reset: 1705330260 });
    expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('expose Retry-After on 429', async () => {
    fake.answer(
      replyJson({ error: { code: 'rate_limited', message: 'Too many requests', details: {} } }, 429, {
        'Retry-After': '30',
      }),
    );
    const error = await failure(client.execute({ appId: 'app_1', message: 'hi' }));
    expect(error.code).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('take the code from the status when the body is not the API error shape', async () => {
    fake.answer((_received, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html>Bad gateway</html>');
    });
    const error = await failure(client.apps.list());
    expect(error.code).toBe('upstream_error');
    expect(error.status).toBe(502);
    expect(error.message).toContain('HTTP 502');
    expect(error.details).toEqual({});

    fake.answer(replyJson({ error: { code: 'conflict', message: 'Odd' } }, 409));
    const unknown = await failure(client.apps.list());
    expect(unknown.code).toBe('invalid_request');
    expect(unknown.message).toBe('Odd');
  });

  it('report a 2xx answer that is not JSON as invalid_response', async () => {
    fake.answer((_received, response) => {
      response.writeHead(200, { 'Content-Type': 'text/plain' });
      response.end('hello');
    });
    const error = await failure(client.apps.list());
    expect(error.code).toBe('invalid_response');
    expect(error.status).toBe(200);
  });
});

describe('failures without an answer', () => {
  it('report a refused connection as connection_error with status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const offline = new AgentPlatform({ apiKey: 'sk_x', baseUrl: `http://127.0.0.1:${port}` });
    const error = await failure(offline.execute({ appId: 'app_1', message: 'hi' }));
    expect(error.code).toBe('connection_error');
    expect(error.status).toBe(0);
    expect(error.cause).toBeDefined();
  });

  it('report a slow answer as timeout_error', async () => {
    fake.answer(async (_received, response) => {
      await pause(500);
      if (!response.destroyed) sendJson(response, 200, {});
    });
    const error = await failure(client.apps.list({}, { timeoutMs: 50 }));
    expect(error.code).toBe('timeout_error');
    expect(error.status).toBe(0);
  });

  it("reject with the caller's abort reason when the caller aborts", async () => {
    fake.answer(async (_received, response) => {
      await pause(500);
      if (!response.destroyed) sendJson(response, 200, {});
    });
    const controller = new AbortController();
    const call = client.execute({ appId: 'app_1', message: 'hi', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await call.catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });
});

describe('readRetryAfterSeconds', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-15T14:30:00Z');
    expect(readRetryAfterSeconds(new Headers({ 'Retry-After': '7' }), now)).toBe(7);
    expect(readRetryAfterSeconds(new Headers({ 'Retry-After': 'Mon, 15 Jan 2024 14:30:42 GMT' }), now)).toBe(
      42,
    );
    expect(readRetryAfterSeconds(new Headers({ 'Retry-After': 'soon' }), now)).toBeUndefined();
    expect(readRetryAfterSeconds(new Headers(), now)).toBeUndefined();
  });
});
