import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomToken } from '@parley/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from './support/database.js';
import { killed, type ServerProcess, startServerProcess } from './support/server-process.js';
import { connectSocket } from './support/socket-client.js';

type Acknowledgement = {
  ok: boolean;
  config?: { greeting: string | null };
  error?: { code: string; details: Record<string, unknown> };
};

/** The widget's `config` renders the greeting with the visitor's metadata: cheap, and metered. */
describe('Socket.IO config', () => {
  // Its own process, as it runs in production.
  let server: ServerProcess;
  let appId: string;
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-config-'));
  const database = testDatabase();
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
      ...database.environment,
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
    await database.drop();
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

  it('renders 16 KiB of braces from a flood of configs verbatim, and keeps answering /healthz', async () => {
    const key = await publishableKey(1_000);
    // Braces that close, too: the renderer once scanned what it had inserted for `{{…}}` again, which
    // cost ~0.28 s a render on a value like this and cut it out of the greeting. Inserted verbatim, the
    // value is never read again (the cost, in ms: `npx tsx bench/socket-config-flood.ts`).
    const name = `${'{'.repeat(16_000)}}}`;
    const config = { app_id: appId, metadata: { userProfile: { name } } };
    const socket = await connectSocket(server.url, key);
    try {
      const flood = Array.from(
        { length: 38 },
        () => socket.emitWithAck('config', config) as Promise<Acknowledgement>,
      );
      for (let index = 0; index < 5; index += 1) {
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      }
      const answers = await Promise.all(flood);
      // The visitor's value is shown as written, braces and all, in every answer.
      expect(new Set(answers.map((answer) => answer.config?.greeting))).toEqual(
        new Set([`Hi ${name} — I am the Acme demo assistant. How can I help?`]),
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
