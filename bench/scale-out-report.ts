/**
 * The scale-out bench's table: per topology, the median over the rounds of each figure (the range
 * in brackets), the CPU each process spent per execute, and the model of N nodes those imply.
 */
import type { ScaleOutMeasurement, ScaleOutResults } from './scale-out.js';
import { topologyNames } from './scale-out-topologies.js';

function median(values: number[]): number {
  const sorted = values.filter(Number.isFinite).sort((left, right) => left - right);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function figure(values: number[], digits: number): string {
  const format = (value: number) =>
    value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '–';
  const range = finite.length > 1 ? ` (${format(Math.min(...finite))}–${format(Math.max(...finite))})` : '';
  return `${format(median(finite))}${range}`;
}

/** CPU milliseconds per answered execute of one part of the topology. */
function perExecute(measured: ScaleOutMeasurement, seconds: number): number {
  return (seconds * 1000) / Math.max(1, measured.throughput.completed);
}

export interface TopologySummary {
  executesPerSecond: number;
  parleyCpuMs: number;
  postgresCpuMs: number;
  redisCpuMs: number;
  nginxCpuMs: number;
}

const parleySeconds = (measured: ScaleOutMeasurement) =>
  measured.cpu.nodes.reduce((sum, value) => sum + value, 0);

export function summaryOf(measurements: ScaleOutMeasurement[]): TopologySummary {
  const of = (pick: (measured: ScaleOutMeasurement) => number) => median(measurements.map(pick));
  return {
    executesPerSecond: of((measured) => measured.throughput.requestsPerSecond),
    parleyCpuMs: of((measured) => perExecute(measured, parleySeconds(measured))),
    postgresCpuMs: of((measured) => perExecute(measured, measured.cpu.postgresBackends)),
    redisCpuMs: of((measured) => perExecute(measured, measured.cpu.redis)),
    nginxCpuMs: of((measured) => perExecute(measured, measured.cpu.nginx)),
  };
}

function rows(results: ScaleOutResults): string[] {
  const present = topologyNames.filter((name) => results.measurements.some((m) => m.topology === name));
  const of = (name: string) => results.measurements.filter((measured) => measured.topology === name);
  const line = (label: string, pick: (measured: ScaleOutMeasurement) => number, digits: number) =>
    `| ${label} | ${present.map((name) => figure(of(name).map(pick), digits)).join(' | ')} |`;
  const nodeCores = (index: number) => (measured: ScaleOutMeasurement) =>
    (measured.cpu.nodes[index] ?? Number.NaN) / measured.cpu.seconds;
  return [
    `| Median (range) over ${Math.max(...present.map((name) => of(name).length))} rounds | ${present.join(' | ')} |`,
    `|---|${present.map(() => '---:').join('|')}|`,
    line('Execute/s, 32 connections', (m) => m.throughput.requestsPerSecond, 0),
    line('Latency under load p50, ms', (m) => m.throughput.latencyMs.p50, 0),
    line('Latency under load p99, ms', (m) => m.throughput.latencyMs.p99, 0),
    line(
      'Non-2xx + errors + timeouts',
      (m) => m.throughput.non2xx + m.throughput.errors + m.throughput.timeouts,
      0,
    ),
    line('Execute overhead p50, ms (one client)', (m) => m.overhead.overhead.p50, 2),
    line('Execute overhead p99, ms (one client)', (m) => m.overhead.overhead.p99, 2),
    line('**Parley CPU per execute, ms** (all nodes ÷ executes)', (m) => perExecute(m, parleySeconds(m)), 3),
    line('Node a, cores', nodeCores(0), 2),
    line('Node b, cores', nodeCores(1), 2),
    line('PostgreSQL backends CPU per execute, ms', (m) => perExecute(m, m.cpu.postgresBackends), 3),
    line('Redis CPU per execute, ms (shared Redis)', (m) => perExecute(m, m.cpu.redis), 3),
    line('nginx CPU per execute, ms', (m) => perExecute(m, m.cpu.nginx), 3),
    line('nginx, cores', (m) => m.cpu.nginx / m.cpu.seconds, 2),
    line('Model server, cores', (m) => m.cpu.modelServer / m.cpu.seconds, 2),
    line('Load generator, cores', (m) => m.cpu.loadGenerator / m.cpu.seconds, 2),
    line('Other programs, cores', (m) => m.cpu.otherCores, 2),
    line('Load average (1 min) at the start', (m) => m.loadAverage[0] ?? Number.NaN, 2),
  ];
}

/** N nodes, each with a core of its own: Parley's ceiling, and the shared services' per core. */
function model(results: ScaleOutResults): string[] {
  const of = (name: string) => results.measurements.filter((measured) => measured.topology === name);
  const basis = of('two-nodes').length > 0 ? 'two-nodes' : 'postgres';
  if (of(basis).length === 0) return [];
  const summary = summaryOf(of(basis));
  const perCore = (ms: number) => (ms > 0 ? Math.round(1000 / ms) : Number.POSITIVE_INFINITY);
  const parley = perCore(summary.parleyCpuMs);
  return [
    '',
    `Model of N nodes (from the "${basis}" medians; each node given a core of its own, the shared services`,
    'scaled separately): execute/s ≈ min(N × Parley per core, PostgreSQL per core × its cores,',
    'Redis per core (one thread), nginx per worker core × its workers).',
    '',
    '| Per core | execute/s |',
    '|---|---:|',
    `| Parley node (1000 ÷ ${summary.parleyCpuMs.toFixed(3)} ms) | ${parley.toLocaleString('en-US')} |`,
    `| PostgreSQL backends (1000 ÷ ${summary.postgresCpuMs.toFixed(3)} ms) | ${perCore(summary.postgresCpuMs).toLocaleString('en-US')} |`,
    `| Redis (1000 ÷ ${summary.redisCpuMs.toFixed(3)} ms) | ${perCore(summary.redisCpuMs).toLocaleString('en-US')} |`,
    `| nginx (1000 ÷ ${summary.nginxCpuMs.toFixed(3)} ms) | ${perCore(summary.nginxCpuMs).toLocaleString('en-US')} |`,
    '',
    `| Nodes | Parley's ceiling, execute/s |`,
    '|---:|---:|',
    ...[1, 2, 4, 8].map((nodes) => `| ${nodes} | ${(nodes * parley).toLocaleString('en-US')} |`),
  ];
}

export function scaleOutMarkdown(results: ScaleOutResults): string {
  return [
    `Scale-out bench, ${results.startedAt} (commit ${results.commit ?? 'unknown'})`,
    `uptime before: ${results.uptime.before}; after: ${results.uptime.after ?? '–'}`,
    '',
    ...rows(results),
    ...model(results),
  ].join('\n');
}
