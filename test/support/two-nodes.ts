/**
 * Parley on two nodes behind a real nginx: two server processes on one fresh PostgreSQL schema and
 * one Redis key prefix (this machine's services), and Debian's nginx in front of them with the
 * configuration of `deploy/nginx.conf`, only its addresses changed. Everything is stopped by pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, removeKeys, sharedRedisUrl, testPrefix } from '@parley/coordination-redis/testing';
import { randomToken } from '@parley/engine';
import { dropSchema, newTestSchema, querySchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { type ServerProcess, startServerProcess } from './server-process.js';

const repositoryRoot = path.resolve(import.meta.dirname, '../..');
/** The deployment's nginx configuration: the test runs this very file. */
export const deployNginxConfig = path.join(repositoryRoot, 'deploy/nginx.conf');
export const nginxBinary = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export type Target = 'a' | 'b' | 'nginx';

export interface Node {
  name: 'a' | 'b';
  process: ServerProcess;
  url: string;
  port: number;
  dataDirectory: string;
}

export interface TwoNodes {
  adminKey: string;
  schema: string;
  redisPrefix: string;
  a: Node;
  b: Node;
  /** nginx's address, e.g. http://127.0.0.1:41234 */
  nginxUrl: string;
  urlOf(target: Target): string;
  /** A request with the admin key (unless `headers` says otherwise) to a node or through nginx. */
  request(
    target: Target,
    method: string,
    pathname: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** A query on the nodes' schema (tests read and change stored rows with it). */
  query<Row extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Stops a node by SIGTERM (its turns drain) and starts it again on the same port. */
  restart(name: 'a' | 'b'): Promise<void>;
  /** Kills a node with SIGKILL (`kill -9`). */
  kill(name: 'a' | 'b'): Promise<void>;
  stop(): Promise<void>;
}

export interface TwoNodesOptions {
  /** Added to both nodes' environment. */
  environment?: Record<string, string>;
  /** The PostgreSQL the nodes use (default: this machine's test database). */
  databaseUrl?: string;
  /** The Redis the nodes use (default: this machine's Redis). */
  redisUrl?: string;
}

/** Exits of a child process, awaited. */
function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const gone = exited(child);
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
    process.kill(child.pid, signal);
  await gone;
}

/** Resolves once something accepts TCP connections on the port (bounded). */
async function listening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * `deploy/nginx.conf` with its node addresses (`parley-a:3000`, `parley-b:3000`) and its port
 * (`listen 80;`) changed: nothing else differs from what the compose file runs.
 */
export function nginxConfigFor(ports: { nginx: number; a: number; b: number }): string {
  const text = readFileSync(deployNginxConfig, 'utf8');
  const replaced = text
    .replace('server parley-a:3000', `server 127.0.0.1:${ports.a}`)
    .replace('server parley-b:3000', `server 127.0.0.1:${ports.b}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${ports.nginx};`);
  for (const expected of [`127.0.0.1:${ports.a}`, `127.0.0.1:${ports.b}`, `127.0.0.1:${ports.nginx}`])
    if (!replaced.includes(expected))
      throw new Error(`deploy/nginx.conf no longer has the address ${expected}`);
  return replaced;
}

/** nginx's own main configuration for a test: in the foreground, every file in `folder`. */
function nginxMainConfig(folder: string): string {
  const at = (name: string) => path.join(folder, name);
  return [
    'worker_processes 1;',
    `error_log ${at('error.log')} warn;`,
    `pid ${at('nginx.pid')};`,
    'daemon off;',
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${at('client_body')};`,
    `  proxy_temp_path ${at('proxy')};`,
    `  fastcgi_temp_path ${at('fastcgi')};`,
    `  uwsgi_temp_path ${at('uwsgi')};`,
    `  scgi_temp_path ${at('scgi')};`,
    `  include ${at('parley.conf')};`,
    '}',
    '',
  ].join('\n');
}

export interface NginxProcess {
  child: ChildProcess;
  url: string;
  folder: string;
  stop(): Promise<void>;
}

export async function startNginx(nodePorts: { a: number; b: number }): Promise<NginxProcess> {
  if (!existsSync(nginxBinary))
    throw new Error(`nginx is not installed at ${nginxBinary} (apt-get install -y nginx; .ci/run does)`);
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-nginx-'));
  const port = await freePort();
  writeFileSync(path.join(folder, 'parley.conf'), nginxConfigFor({ nginx: port, ...nodePorts }));
  writeFileSync(path.join(folder, 'nginx.conf'), nginxMainConfig(folder));
  const child = spawn(
    nginxBinary,
    ['-p', folder, '-c', path.join(folder, 'nginx.conf'), '-e', path.join(folder, 'error.log')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`nginx exited with ${code}:\n${output}`))),
  );
  failed.catch(() => {});
  await Promise.race([listening(port), failed]);
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    folder,
    async stop() {
      // nginx's master stops its workers on SIGTERM (fast shutdown).
      await stopProcess(child, 'SIGTERM');
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Starts nodes A and B at once on a new schema (as `docker compose up` may), then nginx. */
export async function startTwoNodes(options: TwoNodesOptions = {}): Promise<TwoNodes> {
  const schema = newTestSchema();
  const redisPrefix = testPrefix();
  const adminKey = `sk_test_${randomToken(32)}`;
  const databaseUrl = options.databaseUrl ?? testDatabaseUrl;
  const redisUrl = options.redisUrl ?? sharedRedisUrl;
  const environmentOf = (dataDirectory: string, port: number): Record<string, string> => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDirectory,
    DATABASE_URL: databaseUrl,
    PARLEY_DATABASE_SCHEMA: schema,
    PARLEY_DATABASE_POOL_SIZE: '4',
    REDIS_URL: redisUrl,
    PARLEY_REDIS_PREFIX: redisPrefix,
    PARLEY_ADMIN_KEY: adminKey,
    PARLEY_ALLOW_PRIVATE_URLS: '1',
    PARLEY_TRUST_PROXY: 'loopback',
    PARLEY_WEBHOOK_RETRY_BASE_MS: '100',
    PARLEY_WEBHOOK_RETRY_MAX_MS: '500',
    PARLEY_SWEEP_INTERVAL_MS: '200',
    // The offline model (no OPENAI_*), writing slowly enough that turns overlap when they can.
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    PARLEY_OFFLINE_TOKEN_DELAY_MS: '5',
    LOG_LEVEL: 'info',
    ...options.environment,
  });
  const startNode = async (name: 'a' | 'b', port: number, dataDirectory: string): Promise<Node> => {
    const started = await startServerProcess(environmentOf(dataDirectory, port));
    return { name, process: started, url: started.url, port, dataDirectory };
  };
  const folders = [
    mkdtempSync(path.join(tmpdir(), 'parley-a-')),
    mkdtempSync(path.join(tmpdir(), 'parley-b-')),
  ];
  const nodes: Partial<Record<'a' | 'b', Node>> = {};
  let nginx: NginxProcess | undefined;
  const stopAll = async () => {
    await nginx?.stop();
    await Promise.all(
      Object.values(nodes).map((node) => (node ? stopProcess(node.process.child, 'SIGTERM') : undefined)),
    );
    await dropSchema(schema, databaseUrl);
    await removeKeys(redisUrl, redisPrefix);
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  };
  try {
    const [portA, portB] = [await freePort(), await freePort()];
    const [a, b] = await Promise.allSettled([
      startNode('a', portA, folders[0] as string),
      startNode('b', portB, folders[1] as string),
    ]);
    if (a.status === 'fulfilled') nodes.a = a.value;
    if (b.status === 'fulfilled') nodes.b = b.value;
    if (a.status === 'rejected') throw a.reason;
    if (b.status === 'rejected') throw b.reason;
    nginx = await startNginx({ a: portA, b: portB });
  } catch (error) {
    await stopAll();
    throw error;
  }
  const nginxUrl = nginx.url;
  const nodeOf = (name: 'a' | 'b') => nodes[name] as Node;
  const urlOf = (target: Target) => (target === 'nginx' ? nginxUrl : nodeOf(target).url);
  return {
    adminKey,
    schema,
    redisPrefix,
    get a() {
      return nodeOf('a');
    },
    get b() {
      return nodeOf('b');
    },
    nginxUrl,
    urlOf,
    async request(target, method, pathname, body, headers = {}) {
      const init: RequestInit = {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      return fetch(`${urlOf(target)}${pathname}`, init);
    },
    query: (text, values) => querySchema(schema, text, values, databaseUrl),
    async restart(name) {
      const node = nodeOf(name);
      await stopProcess(node.process.child, 'SIGTERM');
      nodes[name] = await startNode(name, node.port, node.dataDirectory);
    },
    async kill(name) {
      await stopProcess(nodeOf(name).process.child, 'SIGKILL');
    },
    stop: stopAll,
  };
}

/** Polls until `check` passes (bounded). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
