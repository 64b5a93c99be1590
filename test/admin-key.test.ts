import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomToken } from '@parley/engine';
import { readConfig } from '@parley/server';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledServerArguments } from './support/server-process.js';

const repositoryRoot = path.resolve(import.meta.dirname, '..');

/** Runs `pnpm start`'s entry point with `adminKey` until it exits (or is ready, which fails the test). */
function startWith(
  adminKey: string,
  dataDirectory: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, compiledServerArguments, {
    cwd: repositoryRoot,
    env: { ...process.env, PORT: '0', PARLEY_DATA_DIR: dataDirectory, PARLEY_ADMIN_KEY: adminKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('Parley ready at')) child.kill('SIGKILL');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

/** Issue 9, item 11: `PARLEY_ADMIN_KEY` guards everything, so a guessable one is refused at start. */
describe('PARLEY_ADMIN_KEY', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-admin-key-'));
  afterAll(() => {
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('refuses to start with a weak key, saying why and how to make one, and writes nothing', async () => {
    const { code, output } = await startWith('sk_hunter2', dataDirectory);
    expect(code).toBe(1);
    expect(output).toContain(
      'Parley could not start: PARLEY_ADMIN_KEY is too weak: it needs at least 32 random characters after sk_ (it has 7)',
    );
    expect(output).toContain("randomBytes(32).toString('base64url')");
    expect(output).not.toContain('sk_hunter2');
    expect(readdirSync(dataDirectory)).toEqual([]);
  });

  it.each([
    ['without the sk_ prefix', `pk_${randomToken(40)}`, 'it must start with sk_'],
    ['one character repeated', `sk_${'a'.repeat(48)}`, 'not random enough'],
    ['digits only, too few', `sk_${'1234567890'.repeat(3)}12`, 'not random enough'],
    ['with spaces', `sk_${randomToken(32)} ${randomToken(8)}`, 'only the characters A-Z'],
  ])('refuses a key %s', (_case, adminKey, reason) => {
    expect(() => readConfig({ PARLEY_ADMIN_KEY: adminKey })).toThrow(reason);
  });

  it('takes random keys of 32 characters or more after sk_, as the tests and generators make them', () => {
    const accepted = [
      `sk_test_${randomToken(32)}`,
      `sk_${randomBytes(32).toString('base64url')}`,
      `sk_${randomBytes(16).toString('hex')}`,
      `sk_bench_${randomBytes(24).toString('base64url')}`,
    ];
    for (const adminKey of accepted) {
      expect(readConfig({ PARLEY_ADMIN_KEY: adminKey }).adminKey).toBe(adminKey);
    }
  });
});
