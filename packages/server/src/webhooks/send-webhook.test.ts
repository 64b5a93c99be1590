import { afterEach, describe, expect, it } from 'vitest';
import { deadPort, startReceiver, type TestReceiver } from '../../test/support/test-receiver.js';
import { sendWebhook } from './send-webhook.js';

const receivers: TestReceiver[] = [];

async function receiver(...parameters: Parameters<typeof startReceiver>): Promise<TestReceiver> {
  const started = await startReceiver(...parameters);
  receivers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((started) => started.close()));
});

function send(url: string, allowPrivate = true, timeoutMs = 2000) {
  return sendWebhook({ url, body: '{"event":"x"}', headers: { 'X-Test': 'yes' }, timeoutMs, allowPrivate });
}

describe('sendWebhook', () => {
  it('posts the body and headers as given and reports a 2xx as success', async () => {
    const target = await receiver(() => 204);
    const result = await send(target.url);
    expect(result).toMatchObject({ statusCode: 204, error: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]?.body.toString()).toBe('{"event":"x"}');
    expect(target.requests[0]?.headers['x-test']).toBe('yes');
    expect(target.requests[0]?.headers['content-length']).toBe('13');
  });

  it('reports a non-2xx answer as a failure', async () => {
    const target = await receiver(() => 500);
    expect(await send(target.url)).toMatchObject({ statusCode: 500, error: 'HTTP 500' });
  });

  it('follows no redirect', async () => {
    const target = await receiver((_request, index) =>
      index === 0
        ? (response) => {
            response.writeHead(307, { Location: '/elsewhere' });
            response.end();
          }
        : 200,
    );
    const result = await send(target.url);
    expect(result.statusCode).toBe(307);
    expect(result.error).toMatch(/redirects are not followed/);
    expect(target.requests).toHaveLength(1);
  });

  it('reads at most 64 KiB of an answer', async () => {
    const target = await receiver(() => (response) => {
      response.writeHead(200);
      response.write(Buffer.alloc(1024 * 1024, 'a'));
      // the answer never ends: only the cap lets the attempt finish before the timeout
    });
    const result = await send(target.url, true, 5000);
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(result.durationMs).toBeLessThan(4000);
  });

  it('times out a receiver that never answers', async () => {
    const target = await receiver(() => () => {});
    const result = await send(target.url, true, 100);
    expect(result).toMatchObject({ statusCode: null, error: 'timed out after 100 ms' });
  });

  it('reports a refused connection without throwing', async () => {
    const result = await send(`http://127.0.0.1:${await deadPort()}/hook`);
    expect(result.statusCode).toBeNull();
    expect(result.error).toMatch(/ECONNREFUSED/);
  });

  it('resolves names itself: localhost is reached when private addresses are allowed', async () => {
    const target = await receiver();
    const result = await send(`http://localhost:${target.port}/hook`, true);
    expect(result).toMatchObject({ statusCode: 200, error: null });
  });

  it.each([
    ['http://127.0.0.1:PORT/hook', 'refused: 127.0.0.1 is a private address'],
    ['http://[::ffff:127.0.0.1]:PORT/hook', 'refused: ::ffff:7f00:1 is a private address'],
    ['http://0x7f.1:PORT/hook', 'refused: 127.0.0.1 is a private address'],
    ['http://localhost:PORT/hook', 'refused: localhost resolves to a private address'],
  ])('refuses %s when private addresses are not allowed', async (template, error) => {
    const target = await receiver();
    const result = await send(template.replace('PORT', String(target.port)), false);
    expect(result).toMatchObject({ statusCode: null, error });
    expect(target.requests).toHaveLength(0);
  });

  it.each([
    ['not a url', 'url is not a valid URL'],
    ['ftp://example.com/x', 'url must use http or https'],
    ['http://user:secret@example.com/x', 'url must not contain a username or password'],
  ])('refuses %j without sending anything', async (url, error) => {
    expect(await send(url)).toMatchObject({ statusCode: null, error });
  });
});
