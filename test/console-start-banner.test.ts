import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig } from '@parley/server';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from './support/database.js';
import { testRedis } from './support/redis.js';
import { compiledServerArguments } from './support/server-process.js';

const repositoryRoot = path.resolve(import.meta.dirname, '..');

const database = testDatabase();
const redis = testRedis();

/**
 * Runs `pnpm start`'s entry point until it says it is ready, and answers what it printed; on the run's
 * PostgreSQL and Redis (when set) in a schema and key prefix of its own, so the start is a first one.
 */
function firstStart(dataDirectory: string, environment: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, compiledServerArguments, {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      ...database.environment,
      ...redis.environment,
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('Parley ready at')) child.kill('SIGKILL');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.on('exit', () => resolve(output)));
}

/** Issue 11: the first start says where the console is and how to sign in. */
describe('the console in the start banner', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-banner-'));
  afterAll(async () => {
    rmSync(dataDirectory, { recursive: true, force: true });
    await database.drop();
    await redis.remove();
  });

  it('prints the console URL beside the admin key, and never the owner password', async () => {
    const password = 'banner test password 9';
    const output = await firstStart(dataDirectory, {
      PARLEY_ADMIN_EMAIL: 'owner@example.com',
      PARLEY_ADMIN_PASSWORD: password,
    });
    expect(output).toMatch(/Console: http:\/\/127\.0\.0\.1:\d+\/console\//);
    expect(output).toMatch(/sk_[\w-]{40}/);
    expect(output).not.toContain(password);
  });

  it('refuses to start with only one of the two owner variables, or a short password', () => {
    expect(() => readConfig({ PARLEY_ADMIN_EMAIL: 'owner@example.com' })).toThrow(/go together/);
    expect(() =>
      readConfig({ PARLEY_ADMIN_EMAIL: 'owner@example.com', PARLEY_ADMIN_PASSWORD: 'short' }),
    ).toThrow(/10 to 200 characters/);
    expect(() =>
      readConfig({ PARLEY_ADMIN_EMAIL: 'not an email', PARLEY_ADMIN_PASSWORD: 'long enough pw' }),
    ).toThrow(/email address/);
  });
});
