import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Manager, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOperator } from './support/console.js';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';
import { connectSocket } from './support/socket-client.js';

/**
 * What an idle widget socket keeps on the node (docs/benchmarks.md, "10,000 idle widget sockets"):
 * not the HTTP request that opened it, and one listener for all it may be asked; while everything
 * that reads the handshake later (the origin on every message, the visitor's address behind the
 * proxy, a console's cookie on the same connection) still works.
 */

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

async function publishableKey(parley: ParleyHarness, allowedOrigins: string[]): Promise<string> {
  const created = await parley.request('POST', '/v1/keys', {
    name: `site ${randomUUID()}`,
    kind: 'publishable',
    plan: 'pro',
    app_id: parley.running.demo.appId,
    allowed_origins: allowedOrigins,
  });
  return ((await created.json()) as { key: string }).key;
}

function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

describe('an idle widget socket', () => {
  let parley: ParleyHarness;
  const opened: Socket[] = [];
  const site = 'https://shop.example';

  beforeAll(async () => {
    parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_TRUST_PROXY: 'loopback' },
    });
  });
  afterAll(async () => {
    for (const socket of opened) socket.close();
    await parley?.stop();
  });

  it('lets go of the request that opened it, and still knows its origin and the visitor behind the proxy', async () => {
    const { io } = parley.running.server;
    const requests: WeakRef<IncomingMessage>[] = [];
    const remember = (request: IncomingMessage, _response: unknown, next: () => void) => {
      requests.push(new WeakRef(request));
      next();
    };
    io.engine.use(remember);
    const key = await publishableKey(parley, [site]);
    for (let index = 0; index < 3; index++)
      opened.push(
        await connectSocket(parley.url, key, { origin: site, headers: { 'x-forwarded-for': '203.0.113.7' } }),
      );
    const serverSockets = [...io.of('/').sockets.values()];
    expect(serverSockets.length).toBeGreaterThanOrEqual(3);
    for (const socket of serverSockets) {
      expect(socket.conn.request).not.toBeInstanceOf(IncomingMessage);
      expect(socket.handshake.headers.origin).toBe(site);
      expect(socket.handshake.address).toBe('127.0.0.1');
    }

    // Nothing else holds the requests either (engine.io's upgrade response kept them).
    for (let attempt = 0; attempt < 3; attempt++) {
      await sleep(50);
      collectGarbage();
    }
    expect(requests.length).toBe(3);
    expect(requests.filter((request) => request.deref() !== undefined)).toHaveLength(0);

    // Every message is still checked against the origin the socket was opened from (the key lists
    // only that site: without the origin the message would be refused and the socket closed).
    const socket = opened[0] as Socket;
    const answer = (await socket.emitWithAck('config', { app_id: parley.running.demo.appId })) as {
      ok: boolean;
    };
    expect(answer.ok).toBe(true);
    expect(socket.connected).toBe(true);
  });

  it('answers every client message through one listener, not one per message name', async () => {
    const key = await publishableKey(parley, ['*']);
    const socket = await connectSocket(parley.url, key, { origin: site });
    opened.push(socket);
    const serverSocket = parley.running.server.io.of('/').sockets.get(socket.id as string);
    expect(serverSocket).toBeDefined();
    expect(serverSocket?.listenersAny()).toHaveLength(1);
    expect(serverSocket?.listenerCount('execute')).toBe(0);
    const answer = (await socket.emitWithAck('config', { app_id: parley.running.demo.appId })) as {
      ok: boolean;
    };
    expect(answer.ok).toBe(true);
    // A name no handler answers is ignored, as before: the socket stays up and answers the next one.
    socket.emit('toString', {});
    socket.emit('no-such-message', {});
    const again = (await socket.emitWithAck('config', { app_id: parley.running.demo.appId })) as {
      ok: boolean;
    };
    expect(again.ok).toBe(true);
  });

  it('lets a console opened on the same connection as a widget sign in by its cookie', async () => {
    const operator = await createOperator(parley, { role: 'agent' });
    const key = await publishableKey(parley, [parley.url]);
    // One manager, one engine.io connection: the widget's namespace first, the console's after it.
    const manager = new Manager(parley.url, {
      transports: ['websocket'],
      extraHeaders: { origin: parley.url, cookie: operator.cookie },
      reconnection: false,
      forceNew: true,
    });
    const widget = await connected(manager.socket('/', { auth: { key } }));
    opened.push(widget);
    await sleep(100);
    const console = await connected(manager.socket('/console'));
    opened.push(console);
    expect(console.connected).toBe(true);
    expect(widget.io).toBe(console.io);
  });
});
