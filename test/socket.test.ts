import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

describe('Socket.IO channel', () => {
  let parley: ParleyHarness;
  beforeAll(async () => {
    parley = await startParleyHarness();
  });
  afterAll(async () => {
    await parley.stop();
  });

  it('runs a turn with the same events as the SSE stream, authenticated by a publishable key', async () => {
    const key = await (
      await parley.request('POST', '/v1/keys', {
        name: 'site',
        kind: 'publishable',
        app_id: parley.running.demo.appId,
        allowed_origins: ['https://shop.example'],
      })
    ).json();
    const socket = await connectSocket(parley.url, key.key, { origin: 'https://shop.example' });
    parley.modelServer?.enqueue({ content: 'Hello over the socket' });
    const events: { type: string; data: Record<string, unknown> }[] = [];
    for (const type of ['start', 'token', 'done', 'error']) {
      socket.on(type, (data: Record<string, unknown>) => events.push({ type, data }));
    }
    const acknowledgement = await socket.emitWithAck('execute', {
      app_id: parley.running.demo.appId,
      message: 'hi',
      request_id: 'request-0000000001',
    });
    expect(acknowledgement).toEqual({ ok: true });
    expect(events.map((event) => event.type)).toEqual(['start', 'token', 'token', 'token', 'token', 'done']);
    expect(
      events
        .filter((event) => event.type === 'token')
        .map((event) => event.data.content)
        .join(''),
    ).toBe('Hello over the socket');
    expect(events.every((event) => event.data.request_id === 'request-0000000001')).toBe(true);
    const sessionId = events[0]?.data.session_id as string;
    const history = await (
      await parley.request('GET', `/v1/apps/${parley.running.demo.appId}/sessions/${sessionId}/history`)
    ).json();
    expect(history.messages.at(-1).content).toBe('Hello over the socket');

    const refused = await socket.emitWithAck('execute', { app_id: 'app_someoneelse', message: 'hi' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'permission_error' } });
    const invalid = await socket.emitWithAck('execute', { app_id: parley.running.demo.appId, message: '' });
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', details: { field: 'message' } },
    });
    socket.close();
  });

  it('refuses a bad key and an origin the publishable key does not list', async () => {
    await expect(connectSocket(parley.url, 'sk_not_a_real_key_at_all')).rejects.toMatchObject({
      data: { code: 'authentication_error' },
    });
    const key = await (
      await parley.request('POST', '/v1/keys', {
        name: 'site',
        kind: 'publishable',
        app_id: parley.running.demo.appId,
        allowed_origins: ['https://shop.example'],
      })
    ).json();
    await expect(
      connectSocket(parley.url, key.key, { origin: 'https://evil.example' }),
    ).rejects.toMatchObject({
      data: { code: 'permission_error' },
    });
  });
});
