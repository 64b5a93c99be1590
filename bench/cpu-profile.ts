/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * and self time grouped by where the code lives (a package, Parley's own packages, Node internals).
 * Standalone: `tsx bench/cpu-profile.ts <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  where: string;
  selfMs: number;
  /** Share of the busy (non-idle) time, in percent. */
  busyPercent: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  busyMs: number;
  topFunctions: ProfileEntry[];
  byOrigin: { origin: string; selfMs: number; busyPercent: number }[];
  /**
   * Busy time charged to the nearest frame on the stack that is a package's or Parley's own code
   * (so Node's internals and native work count for whoever called them); stacks with no such frame
   * (GC, socket reads, undici's continuations) keep the leaf's origin.
   */
  byCaller: { origin: string; selfMs: number; busyPercent: number }[];
}

function isLibraryOrParley(url: string): boolean {
  return url.includes('/node_modules/') || url.includes('/packages/');
}

/** Where a script lives: `express@5.1.0`, `@parley/engine`, `node:internal`, … */
function originOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:internal/deps/')) return `node:internal/deps/${url.split('/')[2] ?? ''}`;
  if (url.startsWith('node:internal/')) return `node:internal/${url.split('/')[1] ?? ''}`;
  if (url.startsWith('node:')) return url;
  const pnpmPackage = /node_modules\/\.pnpm\/([^/]+)\/node_modules\//.exec(url);
  if (pnpmPackage?.[1]) return pnpmPackage[1].replace(/^(@[^+]+)\+/, '$1/').replace(/_.*$/, '');
  const plainPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (plainPackage?.[1]) return plainPackage[1];
  const workspacePackage = /\/packages\/([^/]+)\/src\//.exec(url);
  if (workspacePackage?.[1]) return `@parley/${workspacePackage[1]}`;
  return path.basename(url);
}

function shortLocation(url: string, line: number): string {
  if (url === '') return '';
  const trimmed = url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^.*\/packages\//, 'packages/');
  return `${trimmed}:${line + 1}`;
}

export function summarizeCpuProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const callerOrigin = (nodeId: number): string | null => {
    for (let current: number | undefined = nodeId; current !== undefined; current = parents.get(current)) {
      const frame = nodes.get(current)?.callFrame;
      if (frame && isLibraryOrParley(frame.url)) return originOf(frame.url, frame.functionName);
    }
    return null;
  };
  const selfMicroseconds = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => {
    selfMicroseconds.set(nodeId, (selfMicroseconds.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byFunction = new Map<string, { name: string; where: string; micros: number }>();
  const byOrigin = new Map<string, number>();
  const byCaller = new Map<string, number>();
  let totalMicros = 0;
  let idleMicros = 0;
  for (const [nodeId, micros] of selfMicroseconds) {
    const node = nodes.get(nodeId);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    totalMicros += micros;
    if (functionName === '(idle)') {
      idleMicros += micros;
      continue;
    }
    const name = functionName || '(anonymous)';
    const where = shortLocation(url, lineNumber);
    const key = `${name}\u0000${where}`;
    const entry = byFunction.get(key) ?? { name, where, micros: 0 };
    entry.micros += micros;
    byFunction.set(key, entry);
    const origin = originOf(url, name);
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + micros);
    const caller = callerOrigin(nodeId) ?? origin;
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + micros);
  }
  const busyMicros = totalMicros - idleMicros;
  const percentOfBusy = (micros: number) => Number(((micros / busyMicros) * 100).toFixed(1));
  const milliseconds = (micros: number) => Number((micros / 1000).toFixed(1));
  const ranked = (totals: Map<string, number>) =>
    [...totals.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, top)
      .map(([origin, micros]) => ({
        origin,
        selfMs: milliseconds(micros),
        busyPercent: percentOfBusy(micros),
      }));
  return {
    file,
    totalMs: milliseconds(totalMicros),
    idleMs: milliseconds(idleMicros),
    busyMs: milliseconds(busyMicros),
    topFunctions: [...byFunction.values()]
      .sort((left, right) => right.micros - left.micros)
      .slice(0, top)
      .map((entry) => ({
        name: entry.name,
        where: entry.where,
        selfMs: milliseconds(entry.micros),
        busyPercent: percentOfBusy(entry.micros),
      })),
    byOrigin: ranked(byOrigin),
    byCaller: ranked(byCaller),
  };
}

export function profileSummaryMarkdown(summary: ProfileSummary): string {
  const lines = [
    `CPU profile ${path.basename(summary.file)}: ${summary.busyMs} ms busy of ${summary.totalMs} ms profiled`,
    '',
    '| Self time | % of busy | Function | Where |',
    '| ---: | ---: | --- | --- |',
    ...summary.topFunctions.map(
      (entry) => `| ${entry.selfMs} ms | ${entry.busyPercent}% | \`${entry.name}\` | ${entry.where} |`,
    ),
    '',
    '| Self time | % of busy | Code from |',
    '| ---: | ---: | --- |',
    ...summary.byOrigin.map((entry) => `| ${entry.selfMs} ms | ${entry.busyPercent}% | ${entry.origin} |`),
    '',
    '| Time | % of busy | Charged to the nearest package or Parley frame |',
    '| ---: | ---: | --- |',
    ...summary.byCaller.map((entry) => `| ${entry.selfMs} ms | ${entry.busyPercent}% | ${entry.origin} |`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/cpu-profile.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${profileSummaryMarkdown(summarizeCpuProfile(file, top ? Number(top) : 25))}\n`);
}
