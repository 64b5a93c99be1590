/** Data folders for the store's tests: each a fresh temporary folder, removed after its test. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { indexedFields } from '@parley/engine';

const folders: string[] = [];

/** How many collections a snapshot lists, one header line each. */
export const collectionCount = Object.keys(indexedFields).length;

export function newFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'parley-lowdb-'));
  folders.push(folder);
  return folder;
}

/** Removes every folder made since the last call; run after each test. */
export function removeFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** The snapshot file's lines, parsed. */
export function snapshotLines(folder: string): Record<string, unknown>[] {
  return readFileSync(path.join(folder, 'parley.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}
