import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

/** What one visitor's browser can make the socket do: bounded, and over as soon as the key is gone. */

type Acknowledgement = { ok: boolean; error?: { code: string; details: Record<string, unknown> } };

async function publishableKey(parley: ParleyHarness, appId: string) {
  const created = await parley.request('POST', '/v1/keys', {
    name: `site ${randomUUID()}`,
    kind: 'publishable',
    plan: 'pro',
    app_id: appId,
    allowed_origins: ['*'],
  });
  return (await created.json()) as { id: string; key: string };
}

describe('Socket.IO limits', () => {
  let parley: ParleyHarness;
  let appId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_TRUST_PROXY: 'loopback', PARLEY_IP_LIMIT_PER_MINUTE: '2' },
    });
    appId = parley.running.demo.appId;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await parley?.stop();
  });

  it('refuses a flood of messages on one connection, whatever they ask', async () => {
    const { key } = await publishableKey(parley, appId);
    const socket = await connectSocket(parley.url, key);
    sockets.push(socket);
    const answers = (await Promise.all(
      Array.from({ length: 100 }, () => socket.emitWithAck('config', { app_id: appId })),
    )) as Acknowledgement[];
    const refused = answers.filter((answer) => answer.error?.code === 'rate_limited');
    expect(answers.filter((answer) => answer.ok).length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(50);
    expect(refused[0]?.error?.details.retry_after_seconds).toBeGreaterThan(0);
  });

  it('counts each visitor behind the proxy by their own address, as over HTTP', async () => {
    const { key } = await publishableKey(parley, appId);
    const ask = (socket: Socket) =>
      socket.emitWithAck('execute', {
        app_id: appId,
        message: 'Do you ship abroad?',
        request_id: randomUUID(),
      }) as Promise<Acknowledgement>;
    const first = await connectSocket(parley.url, key, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    const second = await connectSocket(parley.url, key, { headers: { 'x-forwarded-for': '198.51.100.9' } });
    sockets.push(first, second);
    expect((await ask(first)).ok).toBe(true);
    expect((await ask(first)).ok).toBe(true);
    expect((await ask(first)).error?.code).toBe('rate_limited');
    // Another visitor of the same site, through the same proxy, is not held back by the first.
    expect((await ask(second)).ok).toBe(true);
  });

  it('stops a connection whose key was deleted: no more answers, no more live events', async () => {
    const { id, key } = await publishableKey(parley, appId);
    const socket = await connectSocket(parley.url, key);
    sockets.push(socket);
    const session = await (
      await parley.request('POST', `/v1/apps/${appId}/sessions`, {}, { authorization: `Bearer ${key}` })
    ).json();
    const sessionId = session.session_id as string;
    expect(await socket.emitWithAck('escalate', { app_id: appId, session_id: sessionId })).toEqual({
      ok: true,
    });
    const heard: unknown[] = [];
    socket.on('human_message', (event) => heard.push(event));
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));

    expect((await parley.request('DELETE', `/v1/keys/${id}`)).status).toBeLessThan(300);
    await parley.request('POST', `/v1/apps/${appId}/sessions/${sessionId}/messages`, {
      role: 'human_agent',
      content: 'Only for whoever still holds a key',
      author: 'Sam',
    });
    await disconnected;
    expect(heard).toEqual([]);
  });
});
