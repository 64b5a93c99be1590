import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomToken } from '@parley/engine';
import { type RunningParley, readConfig, startParley } from '@parley/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectError, readAllFiles } from './support/credentials.js';

/** The keys CLI against a data folder, with and without the server holding it. */

describe('the keys CLI', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const cli = path.join(root, 'packages', 'server', 'src', 'cli.ts');
  const run = promisify(execFile);
  let folder = '';
  let running: RunningParley | undefined;

  async function parleyCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(tsx, [cli, ...args], {
        cwd: root,
        // The data folder, whatever the run's DATABASE_URL: this test is about the CLI and the folder's lock.
        env: { ...process.env, DATABASE_URL: '', PARLEY_DATA_DIR: folder, LOG_LEVEL: 'silent' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failure = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
    }
  }

  beforeAll(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'parley-cli-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('mints a key printed once, which the server then accepts; refuses while the server holds the folder', async () => {
    const created = await parleyCli('keys', 'create', '--name', 'ci', '--kind', 'secret', '--plan', 'pro');
    expect(created.code, created.stderr).toBe(0);
    const key = /^(sk_[A-Za-z0-9_-]{32,})$/m.exec(created.stdout)?.[1] ?? '';
    expect(key).not.toBe('');
    expect(created.stdout.split(key)).toHaveLength(2);
    expect(created.stdout).toMatch(/Created secret key key_\S+ \(pro\)/);

    const listed = await parleyCli('keys', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`sk_…${key.slice(-4)}`);
    expect(listed.stdout).toContain('ci');
    expect(listed.stdout).not.toContain(key);
    expect(readAllFiles(folder).some((file) => file.text.includes(key))).toBe(false);

    const invalid = await parleyCli(
      'keys',
      'create',
      '--name',
      'bad',
      '--kind',
      'secret',
      '--plan',
      'platinum',
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('plan');

    running = await startParley(
      readConfig({
        PARLEY_DATA_DIR: folder,
        PORT: '0',
        LOG_LEVEL: 'silent',
        PARLEY_ADMIN_KEY: `sk_test_${randomToken(32)}`,
      }),
    );
    const answer = await fetch(`${running.url}/v1/apps`, { headers: bearer(key) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-ratelimit-limit')).toBe('600');
    await expectError(
      await fetch(`${running.url}/v1/apps`, { headers: bearer(`${key}x`) }),
      401,
      'authentication_error',
    );

    const whileRunning = await parleyCli('keys', 'create', '--name', 'second', '--kind', 'secret');
    expect(whileRunning.code).toBe(1);
    expect(whileRunning.stderr).toContain(folder);
    expect(whileRunning.stderr).toMatch(/in use by process \d+; stop it first/);
    expect(whileRunning.stdout).not.toMatch(/sk_/);

    await running.stop();
    running = undefined;
    const afterStop = await parleyCli('keys', 'create', '--name', 'second', '--kind', 'secret');
    expect(afterStop.code, afterStop.stderr).toBe(0);
    // Five CLI processes, each starting tsx: past 30 s on a busy machine.
  }, 120_000);
});
