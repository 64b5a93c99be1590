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
    // The recorder sees the server's own modules and its packages…
    expect(loaded.some((url) => url.includes('/packages/server/src/main.ts'))).toBe(true);
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
