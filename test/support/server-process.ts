import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type TestRedis, testRedis } from './redis.js';

const repositoryRoot = path.resolve(import.meta.dirname, '../..');
/** The Redis key prefix of each process started here, removed when `killed` has stopped it. */
const redisOfProcess = new WeakMap<ChildProcess, TestRedis>();

export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/** What `pnpm start` runs once it has built: the compiled server (`scripts/build-server.ts`). */
export const compiledServerArguments = [
  '--conditions=parley-compiled',
  '--enable-source-maps',
  'packages/server/dist/main.js',
];

/**
 * Starts `pnpm start`'s entry point (the compiled server, which the tests' global setup builds) as a
 * real process and waits for its ready line; keeps draining its output.
 * It runs on the data folder it is given: a `DATABASE_URL` of the test run is not passed on (it would
 * share one schema between tests) unless `environment` sets one.
 */
export function startServerProcess(environment: Record<string, string>): Promise<ServerProcess> {
  const redis = testRedis();
  const child = spawn(process.execPath, compiledServerArguments, {
    cwd: repositoryRoot,
    // With REDIS_URL (the suite run on Redis), each process gets a key prefix of its own; a child
    // process keeps the embedded store (it would otherwise share one PostgreSQL schema and leave it).
    env: {
      ...process.env,
      DATABASE_URL: '',
      ...redis.environment,
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  redisOfProcess.set(child, redis);
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    // Generous: two processes starting at once on a busy machine take a while to load their code.
    // One that does not start in time is killed (it would go on, holding its port, data and keys).
    const timer = setTimeout(() => {
      reject(new Error(`server did not start:\n${output}`));
      void killed(child);
    }, 60_000);
    const onData = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      const match = /"msg":"Parley ready at (http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) {
        ready = true;
        output = '';
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`server exited with ${code ?? signal}:\n${output}`));
    });
  });
}

/** Kills the process with SIGKILL (`kill -9`), waits until it is gone, and removes its Redis keys. */
export async function killed(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
  await redisOfProcess.get(child)?.remove();
  redisOfProcess.delete(child);
}
