import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashSecret, maskSecret, put, randomToken } from '@parley/engine';
import { createLogger, type RunningParley, readConfig, startParley } from '@parley/server';
import { LowdbStore } from '@parley/store-lowdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Every file of the data folder, as text. */
function dataFiles(directory: string): string {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

/**
 * Issue 9, item 11: keys are stored only as hashes — the demo page's publishable key too. It is
 * given a new secret at each start and kept in memory; the demo page still embeds a working key.
 */
describe('the demo key at rest', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-demo-key-'));
  const adminKey = `sk_test_${randomToken(32)}`;
  const logger = createLogger('silent');
  let running: RunningParley | undefined;
  const start = async () => {
    running = await startParley(
      readConfig({
        PORT: '0',
        PARLEY_DATA_DIR: dataDirectory,
        PARLEY_ADMIN_KEY: adminKey,
        LOG_LEVEL: 'silent',
      }),
      logger,
    );
    await running.engine.documents.settled();
    return running;
  };
  const stop = async () => {
    await running?.stop();
    running = undefined;
  };
  /** A visitor's first call with the key: opening a session of the demo app (201). */
  const openSessionWith = (parley: RunningParley, key: string) =>
    fetch(`${parley.url}/v1/apps/${parley.demo.appId}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
    });
  const demoKeys = async (parley: RunningParley) => {
    const listed = await fetch(`${parley.url}/v1/keys`, { headers: { authorization: `Bearer ${adminKey}` } });
    const { data } = (await listed.json()) as { data: { id: string; name: string }[] };
    return data.filter((key) => key.name === 'Demo page').map((key) => key.id);
  };

  beforeAll(start);
  afterAll(async () => {
    await stop();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('keeps no copy of the demo key in the data folder, and the demo page embeds one that works', async () => {
    const parley = running as RunningParley;
    const key = parley.demo.publishableKey as string;
    expect(key).toMatch(/^pk_/);
    const page = await (await fetch(`${parley.url}/demo/`)).text();
    expect(page).toContain(key);
    expect((await openSessionWith(parley, key)).status).toBe(201);
    expect(dataFiles(dataDirectory)).not.toContain(key);
    expect(dataFiles(dataDirectory)).toContain(hashSecret(key));
  });

  it('gives the same demo key a new secret at the next start: the old one stops working', async () => {
    const before = running as RunningParley;
    const oldKey = before.demo.publishableKey as string;
    const idsBefore = await demoKeys(before);
    await stop();
    const after = await start();
    expect(after.demo.publishableKey).not.toBe(oldKey);
    expect(await demoKeys(after)).toEqual(idsBefore);
    expect((await openSessionWith(after, after.demo.publishableKey as string)).status).toBe(201);
    expect((await openSessionWith(after, oldKey)).status).toBe(401);
    expect(await (await fetch(`${after.url}/demo/`)).text()).toContain(after.demo.publishableKey);
    const files = dataFiles(dataDirectory);
    expect(files).not.toContain(oldKey);
    expect(files).not.toContain(after.demo.publishableKey);
  });

  it('removes the plain-text demo key an older data folder kept in its settings', async () => {
    await stop();
    // What earlier versions wrote: the demo setting with the key's secret, the key's hash matching it.
    const store = await LowdbStore.open({ directory: dataDirectory });
    const setting = await store.get('settings', 'demo');
    const keyId = String(setting?.value.key_id);
    const key = await store.get('keys', keyId);
    const plaintext = `pk_${randomToken(40)}`;
    await store.write([
      put('settings', {
        id: 'demo',
        value: { ...setting?.value, publishable_key: plaintext, origins: ['*'] },
      }),
      put('keys', {
        ...(key as NonNullable<typeof key>),
        hash: hashSecret(plaintext),
        masked: maskSecret(plaintext),
      }),
    ]);
    await store.close();
    expect(dataFiles(dataDirectory)).toContain(plaintext);

    const upgraded = await start();
    expect(dataFiles(dataDirectory)).not.toContain(plaintext);
    expect((await openSessionWith(upgraded, plaintext)).status).toBe(401);
    expect((await openSessionWith(upgraded, upgraded.demo.publishableKey as string)).status).toBe(201);
    const stored = await upgraded.store.get('settings', 'demo');
    expect(Object.keys(stored?.value ?? {}).sort()).toEqual(['agent_id', 'app_id', 'key_id']);
  });
});

/** An operator may close the public demo for good: what they deleted stays deleted, and Parley still starts. */
describe('the demo deleted through the API', () => {
  const adminKey = `sk_test_${randomToken(32)}`;
  const folders: string[] = [];
  const startOn = async (dataDirectory: string) => {
    const running = await startParley(
      readConfig({
        PORT: '0',
        PARLEY_DATA_DIR: dataDirectory,
        PARLEY_ADMIN_KEY: adminKey,
        LOG_LEVEL: 'silent',
      }),
      createLogger('silent'),
    );
    await running.engine.documents.settled();
    return running;
  };
  const admin = (parley: RunningParley, method: string, pathname: string) =>
    fetch(`${parley.url}${pathname}`, { method, headers: { authorization: `Bearer ${adminKey}` } });
  const demoKeyId = async (parley: RunningParley) =>
    String((await parley.store.get('settings', 'demo'))?.value.key_id);
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('a deleted demo key is not made again at the next start, and the demo page is gone', async () => {
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-demo-off-'));
    folders.push(dataDirectory);
    const first = await startOn(dataDirectory);
    const oldKey = first.demo.publishableKey as string;
    expect((await admin(first, 'DELETE', `/v1/keys/${await demoKeyId(first)}`)).status).toBe(200);
    await first.stop();

    const second = await startOn(dataDirectory);
    try {
      expect(second.demo.publishableKey).toBeNull();
      const { data } = (await (await admin(second, 'GET', '/v1/keys')).json()) as {
        data: { name: string }[];
      };
      expect(data.map((key) => key.name)).not.toContain('Demo page');
      expect((await fetch(`${second.url}/demo/`)).status).toBe(404);
      const session = await fetch(`${second.url}/v1/apps/${second.demo.appId}/sessions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${oldKey}` },
      });
      expect(session.status).toBe(401);
    } finally {
      await second.stop();
    }
  });

  it('starts after the demo app, agent and key were all deleted', async () => {
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-demo-gone-'));
    folders.push(dataDirectory);
    const first = await startOn(dataDirectory);
    expect((await admin(first, 'DELETE', `/v1/apps/${first.demo.appId}`)).status).toBe(200);
    expect((await admin(first, 'DELETE', `/v1/agents/${first.demo.agentId}`)).status).toBe(200);
    expect((await admin(first, 'DELETE', `/v1/keys/${await demoKeyId(first)}`)).status).toBe(200);
    await first.stop();

    const second = await startOn(dataDirectory);
    try {
      expect(second.demo.publishableKey).toBeNull();
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      expect((await admin(second, 'GET', '/v1/apps')).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('starts after only the demo agent was deleted', async () => {
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-demo-agent-'));
    folders.push(dataDirectory);
    const first = await startOn(dataDirectory);
    expect((await admin(first, 'DELETE', `/v1/agents/${first.demo.agentId}`)).status).toBe(200);
    await first.stop();
    const second = await startOn(dataDirectory);
    await second.stop();
  });
});
