/**
 * Parley's compiled server (`pnpm start`: `node --conditions=parley-compiled … packages/server/dist/main.js`,
 * built by `npx tsx scripts/build.ts`) as a child process of a bench, from this checkout or another
 * one (a base to compare with, built the same way). Through tsx every module would be transformed on
 * load, which costs memory and CPU the product does not spend.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { compiledServerArguments } from '../test/support/server-process.js';
import { repositoryRoot } from './processes.js';

export interface CompiledServer {
  process: ChildProcess;
  pid: number;
  /** The server's address, from its ready line. */
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

const running = new Set<ChildProcess>();
let cleanupInstalled = false;

/** Starts the compiled server of `root` (this checkout by default) and waits for its ready line. */
export async function startCompiledServer(
  environment: Record<string, string>,
  options: { root?: string; timeoutMs?: number; nodeFlags?: string[] } = {},
): Promise<CompiledServer> {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }
  const root = path.resolve(options.root ?? repositoryRoot);
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...compiledServerArguments], {
    cwd: root,
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`Could not start the compiled server of ${root}`);
  running.add(child);
  let output = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    output = (output + text).slice(-20_000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    running.delete(child);
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ready line within ${options.timeoutMs ?? 600_000} ms:\n${output}`)),
      options.timeoutMs ?? 600_000,
    );
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      output = (output + text).slice(-20_000);
      const match = /"msg":"Parley ready at (http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before it was ready:\n${output}`));
    });
  });
  return { process: child, pid: child.pid, url, output: () => output, stop };
}
