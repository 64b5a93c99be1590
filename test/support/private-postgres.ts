/**
 * A PostgreSQL server of a test's own (initdb into a temporary folder, a free port, trust
 * authentication, no durability settings a test needs), to stop and start again while Parley runs
 * on it: the machine's shared PostgreSQL is never touched. PostgreSQL refuses to run as root, so
 * as root every command runs as the `postgres` user (`runuser`).
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@parley/coordination-redis/testing';
import { querySchema } from '@parley/store-postgres/testing';

const run = promisify(execFile);

/** Where initdb and pg_ctl are (`PARLEY_TEST_POSTGRES_BIN` to point elsewhere). */
const binaries = process.env.PARLEY_TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: every connection is cut) and resolves once it is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  remove(): Promise<void>;
}

function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** Runs a PostgreSQL program, as `postgres` when this process is root. */
async function postgresCommand(program: string, args: string[]): Promise<void> {
  const binary = path.join(binaries, program);
  if (runningAsRoot()) await run('runuser', ['-u', 'postgres', '--', binary, ...args]);
  else await run(binary, args);
}

async function acceptsConnections(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await querySchema('public', 'SELECT 1', [], url);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  if (!existsSync(path.join(binaries, 'initdb')))
    throw new Error(`PostgreSQL's initdb is not at ${binaries} (PARLEY_TEST_POSTGRES_BIN)`);
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-postgres-'));
  const dataDirectory = path.join(folder, 'data');
  if (runningAsRoot()) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(folder, Number(stdout.trim()), Number(group.trim()));
  }
  await postgresCommand('initdb', [
    '--pgdata',
    dataDirectory,
    '--username',
    'postgres',
    '--auth',
    'trust',
    '--no-sync',
    '--encoding',
    'UTF8',
  ]);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${folder}`,
    '-c fsync=off',
    '-c max_connections=50',
  ].join(' ');
  const pgCtl = (...args: string[]) => postgresCommand('pg_ctl', ['--pgdata', dataDirectory, ...args]);
  const start = async () => {
    await pgCtl('start', '--silent', '--wait', '--log', path.join(folder, 'server.log'), '-o', options);
    await acceptsConnections(url, 20_000);
  };
  const stop = () => pgCtl('stop', '--silent', '--wait', '--mode', 'fast');
  await start();
  return {
    url,
    port,
    start,
    stop,
    async remove() {
      await stop().catch(() => {});
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
