/**
 * The three ways of running Parley that `pnpm bench:scale-out` compares, each started once and kept
 * running for the whole run: one node on the embedded store; one node on PostgreSQL and Redis; two
 * nodes on PostgreSQL and Redis behind Debian's nginx with `deploy/nginx.conf` (only its addresses
 * changed, as test/two-nodes.test.ts runs it). Every topology on PostgreSQL gets a schema of its
 * own, and on Redis a key prefix of its own; both are removed when it stops.
 */
import { randomBytes } from 'node:crypto';
import { removeKeys, testPrefix } from '@parley/coordination-redis/testing';
import { dropSchema, newTestSchema } from '@parley/store-postgres/testing';
import { type NginxProcess, startNginx } from '../test/support/two-nodes.js';
import {
  compiledServer,
  freePort,
  type RunningChild,
  removeTemporaryFolder,
  spawnChild,
  stopChild,
  temporaryFolder,
  waitForHealthy,
} from './processes.js';
import { type BenchApp, prepareBenchApp } from './servers.js';
import { cleanEnvironment, startTimeoutMs } from './settings.js';

export const topologyNames = ['embedded', 'postgres', 'two-nodes'] as const;
export type TopologyName = (typeof topologyNames)[number];

export interface Services {
  /** The model server; null: Parley's built-in offline model (no upstream call). */
  modelUrl: string | null;
  databaseUrl: string;
  redisUrl: string;
}

export interface Topology extends BenchApp {
  name: TopologyName;
  /** Where the load goes: the node, or nginx. */
  url: string;
  adminKey: string;
  nodes: RunningChild[];
  /** nginx's master process (its worker is found from it), for two nodes. */
  nginx: NginxProcess | null;
  /** The `application_name` the nodes' PostgreSQL connections carry, to find their backends; null when embedded. */
  databaseApplicationName: string | null;
  stop(): Promise<void>;
}

/**
 * `BENCH_SCALE_NODE_ENV`: `NAME=value` pairs (comma-separated) added to every node's environment, for
 * diagnostics (e.g. `PARLEY_AUTH_FAILURES_PER_MINUTE=0`); such a run's numbers are not the product's.
 */
function extraNodeEnvironment(): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const pair of (process.env.BENCH_SCALE_NODE_ENV ?? '').split(',')) {
    const [name, ...value] = pair.trim().split('=');
    if (name) extra[name] = value.join('=');
  }
  return extra;
}

/**
 * `BENCH_SCALE_NODE_FLAGS`: Node flags (space-separated) for every node, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` (Node refuses `--cpu-prof` in NODE_OPTIONS).
 */
function extraNodeFlags(): string[] {
  return (process.env.BENCH_SCALE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
}

/** PostgreSQL's `application_name` on the nodes' connections, so the bench can find their backends. */
function withApplicationName(databaseUrl: string, name: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', name);
  return url.toString();
}

/** How a topology's nodes run (always the compiled server, as `pnpm start` runs it). */
export interface NodeOptions {
  /** Extra Node flags for every node, e.g. `--heapsnapshot-signal=SIGUSR2` for diagnostics. */
  nodeFlags?: string[];
}

async function startNode(
  label: string,
  environment: Record<string, string>,
  options: NodeOptions,
): Promise<{ child: RunningChild; url: string; port: number; folder: string }> {
  const port = await freePort();
  const folder = temporaryFolder('parley-bench-scale-');
  const child = spawnChild({
    name: label,
    script: compiledServer,
    nodeFlags: [...extraNodeFlags(), ...(options.nodeFlags ?? [])],
    environment: {
      ...cleanEnvironment(),
      HOST: '127.0.0.1',
      PORT: String(port),
      PARLEY_DATA_DIR: folder,
      LOG_LEVEL: 'warn',
      ...environment,
      ...extraNodeEnvironment(),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, startTimeoutMs);
  return { child, url, port, folder };
}

export async function startTopology(
  name: TopologyName,
  services: Services,
  nodeOptions: NodeOptions = {},
): Promise<Topology> {
  const adminKey = `sk_bench_${randomBytes(24).toString('base64url')}`;
  const common: Record<string, string> = {
    PARLEY_ADMIN_KEY: adminKey,
    ...(services.modelUrl
      ? { OPENAI_BASE_URL: services.modelUrl, OPENAI_API_KEY: 'x' }
      : { PARLEY_OFFLINE_TOKEN_DELAY_MS: '0' }),
    PARLEY_TRUST_PROXY: 'loopback',
  };
  const onDatabase = name !== 'embedded';
  const schema = onDatabase ? newTestSchema() : null;
  const redisPrefix = onDatabase ? testPrefix() : null;
  const applicationName = schema ? `bench_${schema}` : null;
  const shared: Record<string, string> =
    schema && redisPrefix && applicationName
      ? {
          DATABASE_URL: withApplicationName(services.databaseUrl, applicationName),
          PARLEY_DATABASE_SCHEMA: schema,
          REDIS_URL: services.redisUrl,
          PARLEY_REDIS_PREFIX: redisPrefix,
        }
      : {};
  const started: Awaited<ReturnType<typeof startNode>>[] = [];
  let nginx: NginxProcess | null = null;
  const stop = async () => {
    await nginx?.stop();
    await Promise.all(started.map((node) => stopChild(node.child)));
    for (const node of started) removeTemporaryFolder(node.folder);
    if (schema) await dropSchema(schema, services.databaseUrl);
    if (redisPrefix) await removeKeys(services.redisUrl, redisPrefix);
  };
  try {
    // The first node makes the schema; the second starts on it (as a rolling start would).
    started.push(await startNode(`Parley ${name} a`, { ...common, ...shared }, nodeOptions));
    if (name === 'two-nodes') {
      started.push(await startNode(`Parley ${name} b`, { ...common, ...shared }, nodeOptions));
      const [a, b] = started;
      if (!a || !b) throw new Error('two nodes were not started');
      nginx = await startNginx({ a: a.port, b: b.port });
    }
    const url = nginx ? nginx.url : (started[0]?.url as string);
    const app = await prepareBenchApp(url, adminKey);
    return {
      name,
      url,
      adminKey,
      ...app,
      nodes: started.map((node) => node.child),
      nginx,
      databaseApplicationName: applicationName,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
