import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type TestReceiver } from '../../test/support/test-receiver.js';
import type { ToolRequest } from './build-tool-request.js';
import { sendToolRequest } from './send-tool-request.js';

const receivers: TestReceiver[] = [];

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((started) => started.close()));
});

async function target(...parameters: Parameters<typeof startReceiver>): Promise<string> {
  const started = await startReceiver(...parameters);
  receivers.push(started);
  return `http://127.0.0.1:${started.port}/tool`;
}

function send(url: string, options: { allowPrivate?: boolean; signal?: AbortSignal; body?: string } = {}) {
  const request: ToolRequest = { url, method: 'POST', body: options.body ?? '{"a":1}' };
  return sendToolRequest(request, {
    headers: { 'X-Api-Key': 'k' },
    timeoutMs: 2_000,
    maxResponseBytes: 16,
    allowPrivate: options.allowPrivate ?? true,
    signal: options.signal,
  });
}

describe('sendToolRequest', () => {
  it('keeps only the first bytes of a long answer and says it was cut', async () => {
    const url = await target(() => (response) => response.end('x'.repeat(100_000)));
    const outcome = await send(url);
    expect(outcome).toMatchObject({ ok: true, status: 200, error: null });
    expect(outcome.body).toBe(`${'x'.repeat(16)}\n[the answer was cut at 16 bytes]`);
  });

  it('follows no redirect', async () => {
    const url = await target(() => (response) => {
      response.writeHead(302, { location: 'http://169.254.169.254/' });
      response.end();
    });
    expect(await send(url)).toMatchObject({
      ok: false,
      status: 302,
      error: 'HTTP 302 (redirects are not followed)',
    });
  });

  it('refuses a private address unless allowed, before anything goes out', async () => {
    const url = await target();
    expect(await send(url, { allowPrivate: false })).toEqual({
      ok: false,
      status: null,
      body: '',
      error: 'refused: 127.0.0.1 is a private address',
    });
    expect(receivers[0]?.requests).toHaveLength(0);
  });

  it('stops when the turn is cancelled', async () => {
    const url = await target(() => () => {});
    const controller = new AbortController();
    const pending = send(url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ ok: false, error: 'cancelled: the client went away' });
  });
});
