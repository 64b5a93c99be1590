/**
 * The Python SDK's own tests (sdks/python/tests), run by `pnpm test` so CI runs them too. They start
 * their own real Parley servers and stop them by process id; this file only runs them and reports.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { removeKeys, testPrefix } from '@parley/coordination-redis/testing';
import { dropSchemasStartingWith, newTestSchema } from '@parley/store-postgres/testing';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(import.meta.dirname, '..');

// On the run's PostgreSQL and Redis, each of their servers takes a schema and a key prefix under
// these bases (sdks/python/tests/support/parley_server.py); all are removed when the tests end.
const schemaBase = newTestSchema();
const redisPrefixBase = testPrefix();

function run(command: string, args: string[]): Promise<{ exitCode: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        PARLEY_TEST_SCHEMA_BASE: schemaBase,
        PARLEY_TEST_REDIS_PREFIX_BASE: redisPrefixBase,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output }));
  });
}

describe('the Python SDK (sdks/python)', () => {
  afterAll(async () => {
    if (process.env.DATABASE_URL) await dropSchemasStartingWith(schemaBase, process.env.DATABASE_URL);
    if (process.env.REDIS_URL) await removeKeys(process.env.REDIS_URL, redisPrefixBase);
  });

  it('passes every one of its tests against a real Parley, skipping none', async () => {
    const { exitCode, output } = await run('python3', [
      '-m',
      'unittest',
      'discover',
      '--start-directory',
      'sdks/python/tests',
      '--top-level-directory',
      'sdks/python',
      '--verbose',
    ]);
    expect(exitCode, output).toBe(0);
    expect(output).toMatch(/^Ran \d+ tests in /m);
    // "OK" alone: unittest writes "OK (skipped=…)" when it skipped any.
    expect(output).toMatch(/^OK$/m);
    expect(output).not.toMatch(/\.\.\. (skipped|expected failure)/);
  }, 600_000);
});
