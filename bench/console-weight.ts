/**
 * The console's weight as a browser loads it: the gzip bytes of what `/console/` loads before any
 * page is opened (`console.js` and the chunks it imports statically), and of what opening a page
 * adds (its chunk and the chunks it imports that were not loaded yet), read from the build in
 * `packages/console/dist` (the `.gz` files the server sends). Run: `npx tsx bench/console-weight.ts`
 * after `npx tsx scripts/build-front-ends.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const assets = path.resolve(fileURLToPath(import.meta.url), '../../packages/console/dist/assets');

/** The file and every file it imports statically (`from "./…"`), relative to `assets`. */
function withStaticImports(entry: string, loaded: Set<string>): string[] {
  const added: string[] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (loaded.has(file)) continue;
    loaded.add(file);
    added.push(file);
    const code = readFileSync(path.join(assets, file), 'utf8');
    for (const match of code.matchAll(/\b(?:from|import)\s*["'`]\.\/([^"'`]+)["'`]/g))
      queue.push(path.posix.join(path.posix.dirname(file), match[1] ?? ''));
  }
  return added;
}

function gzipBytes(files: string[]): number {
  return files.reduce((total, file) => total + readFileSync(path.join(assets, `${file}.gz`)).length, 0);
}

const loaded = new Set<string>();
const initial = withStaticImports('console.js', loaded);
console.log(`initial load (before any page): ${gzipBytes(initial)} bytes gzip — ${initial.join(', ')}`);
for (const chunk of readdirSync(path.join(assets, 'chunks')).filter((file) => /-page-.*\.js$/.test(file))) {
  const added = withStaticImports(`chunks/${chunk}`, new Set(loaded));
  console.log(`${chunk.replace(/-page-.*$/, '')}: +${gzipBytes(added)} bytes gzip — ${added.join(', ')}`);
}
