/**
 * CPU time of every process a topology uses during one measured run, from /proc/<pid>/stat: each
 * Parley node, nginx (master and workers), the PostgreSQL backends serving the nodes (found by the
 * `application_name` their connections carry), Redis (its `INFO cpu`: the machine's shared Redis,
 * so other programs' commands count too), the model server and the load generator; and what the
 * rest of the machine used meanwhile.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { querySchema } from '@parley/store-postgres/testing';
import { machineSeconds, processCpuSeconds } from './processes.js';
import type { Topology } from './scale-out-topologies.js';

const run = promisify(execFile);

export interface WindowCpu {
  seconds: number;
  /** CPU seconds of each Parley node, in the topology's order. */
  nodes: number[];
  nginx: number;
  postgresBackends: number;
  /** Backends that ended during the window (their CPU is lost, so `postgresBackends` is a lower bound). */
  postgresBackendsEnded: number;
  redis: number;
  modelServer: number;
  loadGenerator: number;
  /** Machine busy time minus all of the above, in cores. */
  otherCores: number;
  stealCores: number;
}

/** Children of a process (nginx's workers), from /proc/<pid>/stat's parent field. */
function childrenOf(parentPid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === parentPid) found.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}

async function postgresBackendCpu(
  databaseUrl: string,
  applicationName: string | null,
): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (!applicationName) return cpu;
  const rows = await querySchema<{ pid: number }>(
    'public',
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
    databaseUrl,
  );
  for (const { pid } of rows) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== null) cpu.set(pid, seconds);
  }
  return cpu;
}

async function redisCpuSeconds(redisUrl: string, used: boolean): Promise<number> {
  if (!used) return 0;
  const { stdout } = await run('redis-cli', ['-u', redisUrl, 'INFO', 'cpu'], { timeout: 5_000 });
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(stdout)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}

const sumOf = (pids: number[]) => pids.reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);

/** Starts watching; the function it resolves to ends the window and resolves to what each used. */
export async function watchTopologyCpu(
  topology: Topology,
  services: { databaseUrl: string; redisUrl: string; modelPid: number },
): Promise<() => Promise<WindowCpu>> {
  const nginxPids = topology.nginx?.child.pid
    ? [topology.nginx.child.pid, ...childrenOf(topology.nginx.child.pid)]
    : [];
  const onDatabase = topology.databaseApplicationName !== null;
  const backendsBefore = await postgresBackendCpu(services.databaseUrl, topology.databaseApplicationName);
  const redisBefore = await redisCpuSeconds(services.redisUrl, onDatabase);
  const nodesBefore = topology.nodes.map((node) => processCpuSeconds(node.pid) ?? 0);
  const nginxBefore = sumOf(nginxPids);
  const modelBefore = processCpuSeconds(services.modelPid) ?? 0;
  const ownBefore = process.cpuUsage();
  const machineBefore = machineSeconds();
  const started = performance.now();
  return async () => {
    const seconds = (performance.now() - started) / 1000;
    const machineAfter = machineSeconds();
    const own = process.cpuUsage(ownBefore);
    const nodes = topology.nodes.map(
      (node, index) => (processCpuSeconds(node.pid) ?? 0) - (nodesBefore[index] ?? 0),
    );
    const nginx = sumOf(nginxPids) - nginxBefore;
    const modelServer = (processCpuSeconds(services.modelPid) ?? 0) - modelBefore;
    const backendsAfter = await postgresBackendCpu(services.databaseUrl, topology.databaseApplicationName);
    let postgresBackends = 0;
    for (const [pid, after] of backendsAfter) postgresBackends += after - (backendsBefore.get(pid) ?? 0);
    const postgresBackendsEnded = [...backendsBefore.keys()].filter((pid) => !backendsAfter.has(pid)).length;
    const redis = (await redisCpuSeconds(services.redisUrl, onDatabase)) - redisBefore;
    const loadGenerator = (own.user + own.system) / 1e6;
    const ours =
      nodes.reduce((sum, value) => sum + value, 0) +
      nginx +
      postgresBackends +
      redis +
      modelServer +
      loadGenerator;
    const known = machineBefore !== null && machineAfter !== null;
    return {
      seconds,
      nodes,
      nginx,
      postgresBackends,
      postgresBackendsEnded,
      redis,
      modelServer,
      loadGenerator,
      otherCores: known ? Math.max(0, (machineAfter.busy - machineBefore.busy - ours) / seconds) : Number.NaN,
      stealCores: known ? (machineAfter.steal - machineBefore.steal) / seconds : Number.NaN,
    };
  };
}
