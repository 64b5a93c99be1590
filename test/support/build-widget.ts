/**
 * Vitest global setup: the browser tests load the chat widget the server
 * serves from `packages/widget/dist`, so build it once when it is missing or
 * older than its sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const widgetDirectory = path.resolve(fileURLToPath(import.meta.url), '../../../packages/widget');
const outputs = ['dist/widget.js', 'dist/widget/parley-chat.js'].map((file) =>
  path.join(widgetDirectory, file),
);
const inputs = ['src', 'vite.config.ts', 'package.json'].map((file) => path.join(widgetDirectory, file));

function newestChange(file: string): number {
  const stats = statSync(file);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestChange(path.join(file, entry)));
  return newest;
}

/** True when a built file is missing or a source changed after the oldest one was built. */
export function widgetBuildIsStale(): boolean {
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  return Math.max(...inputs.map(newestChange)) > built;
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
 * being served whole files while the widget is rebuilt.
 */
export function buildWidget(): void {
  const vite = path.join(widgetDirectory, 'node_modules/vite/bin/vite.js');
  const staging = mkdtempSync(path.join(widgetDirectory, '.dist-staging-'));
  const dist = path.join(widgetDirectory, 'dist');
  try {
    for (const mode of ['production', 'loader']) {
      execFileSync(
        process.execPath,
        [vite, 'build', '--mode', mode, '--outDir', staging, '--logLevel', 'warn'],
        {
          cwd: widgetDirectory,
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

export default function setup(): void {
  if (widgetBuildIsStale()) buildWidget();
}
