/**
 * Parley's compiled server (`pnpm start`: `node --conditions=parley-compiled … packages/server/dist/main.js`)
 * as a child process of a bench, from this checkout (built first) or another one (a base to compare
 * with, built the same way), started and stopped by `processes.ts` like every other child.
 */
import type { ChildProcess } from 'node:child_process';
import { compiledServer, spawnChild, stopChild } from './processes.js';

export interface CompiledServer {
  process: ChildProcess;
  pid: number;
  /** The server's address, from its ready line. */
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the compiled server of `root` (this checkout by default) and waits for its ready line. */
export async function startCompiledServer(
  environment: Record<string, string>,
  options: { root?: string; timeoutMs?: number; nodeFlags?: string[] } = {},
): Promise<CompiledServer> {
  const running = spawnChild({
    name: 'parley',
    script: compiledServer,
    environment,
    nodeFlags: options.nodeFlags ?? [],
    ...(options.root ? { root: options.root } : {}),
  });
  const [, url] = await running.waitForLine(
    /"msg":"Parley ready at (http:\/\/[^"]+)"/,
    options.timeoutMs ?? 600_000,
  );
  return {
    process: running.process,
    pid: running.pid,
    url: url as string,
    output: running.output,
    stop: () => stopChild(running),
  };
}
