/**
 * Builds the chat widget and the console (`packages/widget/dist`, `packages/console/dist`, which the
 * server serves) when one is missing or older than its sources, and does nothing otherwise. Run by
 * `pnpm start` (`tsx scripts/build-front-ends.ts`) and as the tests' Vitest global setup (the browser
 * tests load both from the server).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDirectory = path.resolve(fileURLToPath(import.meta.url), '../../packages');
const sharedBuildFiles = path.resolve(packagesDirectory, '../scripts/vite');

interface FrontEnd {
  directory: string;
  /** Files the build makes, relative to the package. */
  outputs: string[];
  /** `vite build --mode` runs, in order. */
  modes: string[];
}

const frontEnds: FrontEnd[] = [
  {
    directory: path.join(packagesDirectory, 'widget'),
    outputs: ['dist/widget.js', 'dist/widget/parley-chat.js'],
    modes: ['production', 'loader'],
  },
  {
    directory: path.join(packagesDirectory, 'console'),
    outputs: ['dist/assets/console.js'],
    modes: ['production'],
  },
];

function newestChange(file: string): number {
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}

/** True when a built file is missing or a source changed after the oldest one was built. */
function buildIsStale(frontEnd: FrontEnd): boolean {
  const outputs = frontEnd.outputs.map((file) => path.join(frontEnd.directory, file));
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const inputs = ['src', 'vite.config.ts', 'package.json'].map((file) => path.join(frontEnd.directory, file));
  return Math.max(...inputs.map(newestChange), newestChange(sharedBuildFiles)) > built;
}

function filesUnder(directory: string, prefix = ''): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(directory, entry.name), path.join(prefix, entry.name))
      : [path.join(prefix, entry.name)],
  );
}

/**
 * Builds into a staging folder beside `dist`, then moves each file into
 * place (a rename is atomic): tests already running in another process keep
 * being served whole files while the front end is rebuilt.
 */
function build(frontEnd: FrontEnd): void {
  const vite = path.join(frontEnd.directory, 'node_modules/vite/bin/vite.js');
  const staging = mkdtempSync(path.join(frontEnd.directory, '.dist-staging-'));
  const dist = path.join(frontEnd.directory, 'dist');
  try {
    for (const mode of frontEnd.modes) {
      execFileSync(
        process.execPath,
        [vite, 'build', '--mode', mode, '--outDir', staging, '--logLevel', 'warn'],
        {
          cwd: frontEnd.directory,
          stdio: 'inherit',
          // Vitest sets NODE_ENV=test, which would give Lit's development build.
          env: { ...process.env, NODE_ENV: 'production' },
        },
      );
    }
    const built = filesUnder(staging);
    for (const file of built) {
      mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
      renameSync(path.join(staging, file), path.join(dist, file));
    }
    for (const file of filesUnder(dist)) if (!built.includes(file)) rmSync(path.join(dist, file));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Builds what is stale; answers the names of the packages built. */
export function buildStaleFrontEnds(): string[] {
  const built: string[] = [];
  for (const frontEnd of frontEnds) {
    if (!buildIsStale(frontEnd)) continue;
    build(frontEnd);
    built.push(path.basename(frontEnd.directory));
  }
  return built;
}

export default function setup(): void {
  buildStaleFrontEnds();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = buildStaleFrontEnds();
  process.stdout.write(
    built.length > 0 ? `Built: ${built.join(', ')}\n` : 'The widget and the console are up to date.\n',
  );
}
