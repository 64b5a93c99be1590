import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomToken } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killed, type ServerProcess, startServerProcess } from './support/server-process.js';
import { connectSocket } from './support/socket-client.js';

type Acknowledgement = {
  ok: boolean;
  config?: { greeting: string | null };
  error?: { code: string; details: Record<string, unknown> };
};

/** The widget's `config` renders the greeting with the visitor's metadata: cheap, and metered. */
describe('Socket.IO config', () => {
  // Its own process, so the probe measures the server and not this test's own client work.
  let server: ServerProcess;
  let appId: string;
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-config-'));
  const adminKey = `sk_test_${randomToken(32)}`;

  async function request(method: string, pathname: string, body?: unknown) {
    return fetch(`${server.url}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  beforeAll(async () => {
    server = await startServerProcess({
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      PARLEY_ADMIN_KEY: adminKey,
      PARLEY_IP_LIMIT_PER_MINUTE: '1000',
      LOG_LEVEL: 'info',
    });
    const apps = (await (await request('GET', '/v1/apps')).json()) as {
      data: { id: string; greeting: string }[];
    };
    appId = apps.data.find((app) => app.greeting?.includes('{{'))?.id as string;
  });
  afterAll(async () => {
    if (server) await killed(server.child);
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  async function publishableKey(perMinute: number) {
    const created = await request('POST', '/v1/keys', {
      name: `site ${perMinute}`,
      kind: 'publishable',
      plan: 'enterprise',
      rate_limit: { per_minute: perMinute, per_day: 100_000 },
      app_id: appId,
      allowed_origins: ['*'],
    });
    expect(created.status).toBe(201);
    return ((await created.json()) as { key: string }).key;
  }

  it('answers /healthz at once while a socket floods config with 16 KiB of braces in its metadata', async () => {
    const key = await publishableKey(1_000);
    const braces = '{'.repeat(16_000);
    const config = { app_id: appId, metadata: { userProfile: { name: braces } } };
    // Warm up on a first connection (the server compiles its code paths over the first calls).
    const warming = await connectSocket(server.url, key);
    for (let index = 0; index < 30; index += 1) {
      expect((await warming.emitWithAck('config', config)) as Acknowledgement).toMatchObject({ ok: true });
    }
    warming.close();
    const socket = await connectSocket(server.url, key);
    try {
      const flood = Array.from(
        { length: 38 },
        () => socket.emitWithAck('config', config) as Promise<Acknowledgement>,
      );
      // Once rendering scanned the visitor's braces, each of these took ~0.28 s of the main thread.
      const probes: number[] = [];
      for (let index = 0; index < 5; index += 1) {
        const started = performance.now();
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(200);
        probes.push(performance.now() - started);
      }
      const answers = await Promise.all(flood);
      // Unloaded, each probe takes a few milliseconds; before the fix the first waited out every render
      // (38 × ~0.28 s). The margin is wide because the test machine is shared.
      expect(Math.max(...probes)).toBeLessThan(1_000);
      // The visitor's value is shown as written, braces and all.
      expect(answers[0]?.config?.greeting).toBe(
        `Hi ${braces} — I am the Acme demo assistant. How can I help?`,
      );
    } finally {
      socket.close();
    }
  });

  it("counts each config against the key's plan, like a request", async () => {
    const socket = await connectSocket(server.url, await publishableKey(3));
    try {
      const answers: Acknowledgement[] = [];
      for (let index = 0; index < 4; index += 1) {
        answers.push((await socket.emitWithAck('config', { app_id: appId })) as Acknowledgement);
      }
      expect(answers.slice(0, 3).every((answer) => answer.ok)).toBe(true);
      expect(answers[3]).toMatchObject({
        ok: false,
        error: { code: 'rate_limited', details: { retry_after_seconds: expect.any(Number) } },
      });
    } finally {
      socket.close();
    }
  });
});
