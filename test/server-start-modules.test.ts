import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomToken } from '@parley/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { killed, startServerProcess } from './support/server-process.js';

const folders: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const child of children) await killed(child);
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('server start', () => {
  it('reads the demo help center (its PDF in the reader worker) and answers from it, compiled', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'parley-compiled-'));
    folders.push(folder);
    const adminKey = `sk_compiled_${randomToken(32)}`;
    const server = await startServerProcess({
      PORT: '0',
      PARLEY_DATA_DIR: path.join(folder, 'data'),
      PARLEY_ADMIN_KEY: adminKey,
      PARLEY_OFFLINE_TOKEN_DELAY_MS: '0',
    });
    children.push(server.child);
    const get = async <T>(route: string) =>
      (await (
        await fetch(`${server.url}${route}`, { headers: { authorization: `Bearer ${adminKey}` } })
      ).json()) as T;
    const [datastore] = (await get<{ data: { id: string }[] }>('/v1/datastores')).data;
    type Documents = { data: { name: string; status: string; page_count: number }[] };
    let documents: Documents['data'] = [];
    for (let attempt = 0; attempt < 100; attempt += 1) {
      documents = (await get<Documents>(`/v1/datastores/${datastore?.id}/documents`)).data;
      if (documents.length > 0 && documents.every((document) => document.status !== 'processing')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(documents.find((document) => document.name === 'acme-return-policy.pdf')).toMatchObject({
      status: 'ready',
      page_count: 4,
    });
    const [app] = (await get<{ data: { id: string }[] }>('/v1/apps')).data;
    const executed = await fetch(`${server.url}/v1/apps/${app?.id}/execute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'How many days do I have to return an item?' }),
    });
    const answer = (await executed.json()) as { response: string };
    expect(answer.response).toMatch(/30 days.*\[1\]/);
  });

  it('does not load the OpenAI SDK, Slack Bolt, mammoth or html-to-text when nothing needs them', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'parley-modules-'));
    folders.push(folder);
    const loadedFile = path.join(folder, 'loaded-modules.txt');
    const recorder = path.resolve(import.meta.dirname, 'support/record-loaded-modules.mjs');
    const server = await startServerProcess({
      PORT: '0',
      PARLEY_DATA_DIR: path.join(folder, 'data'),
      PARLEY_ADMIN_KEY: `sk_modules_${randomToken(32)}`,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      PARLEY_EMBEDDINGS_MODEL: '',
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: '',
      MICROSOFT_APP_ID: '',
      PARLEY_TEAMS_ENABLED: '',
      LOG_LEVEL: 'info',
      NODE_OPTIONS: `--import ${recorder}`,
      PARLEY_TEST_LOADED_MODULES: loadedFile,
    });
    children.push(server.child);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const loaded = readFileSync(loadedFile, 'utf8').split('\n');
    // The recorder sees the server's own modules, compiled (`pnpm start` runs JavaScript only, no
    // TypeScript transform at start), and its packages…
    expect(loaded.some((url) => url.includes('/packages/server/dist/main.js'))).toBe(true);
    expect(loaded.filter((url) => /\/packages\/[^/]+\/src\/|\.ts$/.test(url))).toEqual([]);
    expect(loaded.filter((url) => url.includes('/node_modules/tsx/'))).toEqual([]);
    expect(loaded.some((url) => url.includes('/node_modules/express/'))).toBe(true);
    // …and none of the packages only a configured model, Slack or a Word/HTML document needs.
    for (const unused of [
      '/node_modules/openai/',
      '/node_modules/@slack/bolt/',
      '/node_modules/mammoth/',
      '/node_modules/html-to-text/',
    ])
      expect(loaded.filter((url) => url.includes(unused))).toEqual([]);
  });
});
