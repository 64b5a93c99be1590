/**
 * Compiles the server and the workspace packages it runs on to JavaScript: each package's `src/`
 * into its `dist/`, file for file (esbuild, the transform `tsx` runs in development, so the code
 * behaves the same), with the files that are not TypeScript (the document reader's worker, the demo's
 * site and help center) copied beside them. A package's `exports` name its build under the
 * `parley-compiled` condition, so `node --conditions=parley-compiled packages/server/dist/main.js`
 * runs JavaScript only; without that condition (tests, `tsx`) the sources are used, as always.
 * A package whose sources did not change since its last build is left alone.
 * Type checking is `pnpm typecheck`'s job, not this build's.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repositoryRoot = path.resolve(fileURLToPath(import.meta.url), '../..');
const packagesDirectory = path.join(repositoryRoot, 'packages');
/** Built by Vite (the front ends) or by their own build for npm (the SDK). */
const builtElsewhere = new Set(['widget', 'console', 'sdk']);
const stampName = '.built';

/** Every file under `directory`, relative to it. */
function filesUnder(directory: string, prefix = ''): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(directory, entry.name), path.join(prefix, entry.name))
      : [path.join(prefix, entry.name)],
  );
}

const isTest = (file: string) => /\.test\.ts$/.test(file);
const isTypeScript = (file: string) => file.endsWith('.ts') && !file.endsWith('.d.ts');

/** The newest change under the package's sources and its manifest (a file removed changes its folder). */
function newestSourceChange(packageDirectory: string): number {
  const source = path.join(packageDirectory, 'src');
  const entries = [source, ...filesUnder(source).map((file) => path.join(source, file))];
  const folders = entries.filter((entry) => statSync(entry).isDirectory());
  return Math.max(
    statSync(path.join(packageDirectory, 'package.json')).mtimeMs,
    ...entries.map((entry) => statSync(entry).mtimeMs),
    ...folders.map((folder) => statSync(folder).mtimeMs),
  );
}

function isStale(packageDirectory: string): boolean {
  const stamp = path.join(packageDirectory, 'dist', stampName);
  return !existsSync(stamp) || newestSourceChange(packageDirectory) > statSync(stamp).mtimeMs;
}

async function compile(packageDirectory: string): Promise<void> {
  const source = path.join(packageDirectory, 'src');
  const dist = path.join(packageDirectory, 'dist');
  const files = filesUnder(source).filter((file) => !isTest(file));
  rmSync(dist, { recursive: true, force: true });
  await build({
    entryPoints: files.filter(isTypeScript).map((file) => path.join(source, file)),
    outdir: dist,
    outbase: source,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  for (const file of files.filter((name) => !name.endsWith('.ts'))) {
    mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    copyFileSync(path.join(source, file), path.join(dist, file));
  }
  writeFileSync(path.join(dist, stampName), `${new Date().toISOString()}\n`);
}

/** Compiles every package whose build is missing or older than its sources; answers their names. */
export async function buildServer(): Promise<string[]> {
  const built: string[] = [];
  for (const name of readdirSync(packagesDirectory).sort()) {
    const packageDirectory = path.join(packagesDirectory, name);
    if (builtElsewhere.has(name) || !existsSync(path.join(packageDirectory, 'src'))) continue;
    if (!isStale(packageDirectory)) continue;
    await compile(packageDirectory);
    built.push(name);
  }
  return built;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildServer();
  process.stdout.write(
    built.length > 0 ? `Compiled: ${built.join(', ')}\n` : 'The server is compiled and up to date.\n',
  );
}

/** The tests' Vitest global setup: the processes they start run the compiled server, as `pnpm start` does. */
export default async function setup(): Promise<void> {
  await buildServer();
}
