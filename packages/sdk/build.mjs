/**
 * Builds the publishable package into dist/ (npm and pnpm run it before packing):
 *   dist/*.js        ES modules (tsc)
 *   dist/cjs/*.js    the same as CommonJS, for `require` (tsc; dist/cjs/package.json says so)
 *   dist/index.d.ts  every declaration in one file: tsc writes them to dist-types/ (the SDK's and those
 *                    of the workspace packages it takes types from), dts-bundle-generator joins them,
 *                    so the package's types never name a workspace-only package (`@parley/contract`).
 *   dist/index.d.cts the same declarations for `require` (TypeScript wants .d.cts beside CommonJS).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDirectory = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(packageDirectory, 'dist');
const require = createRequire(import.meta.url);

function run(packageName, binary, args) {
  const manifest = require.resolve(`${packageName}/package.json`);
  const { bin } = require(manifest);
  const script = path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin[binary]);
  execFileSync(process.execPath, [script, ...args], { cwd: packageDirectory, stdio: 'inherit' });
}

const types = path.join(packageDirectory, 'dist-types');
rmSync(dist, { recursive: true, force: true });
rmSync(types, { recursive: true, force: true });
run('typescript', 'tsc', ['-p', 'tsconfig.build.json']);
run('typescript', 'tsc', ['-p', 'tsconfig.cjs.json']);
writeFileSync(path.join(dist, 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
run('typescript', 'tsc', ['-p', 'tsconfig.types.json']);
run('dts-bundle-generator', 'dts-bundle-generator', [
  '--config',
  'dts-bundle.config.cjs',
  '--silent',
]);
copyFileSync(path.join(dist, 'index.d.ts'), path.join(dist, 'index.d.cts'));
rmSync(types, { recursive: true, force: true });
