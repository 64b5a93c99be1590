import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isStaleLockLeftover } from './data-folder-lock.js';

const journalPattern = /^journal-(\d+)\.jsonl$/;
/** Left by a server killed while compacting; never a file in use (the folder is locked). */
const temporarySnapshotPattern = /^parley\.jsonl?\.\d+\.tmp$/;

/** The files of a data folder: the snapshot (and the format before it) and the numbered journals. */
export class DataFolderFiles {
  constructor(readonly directory: string) {}

  /** The snapshot: one record a line. */
  get snapshotPath(): string {
    return path.join(this.directory, 'parley.jsonl');
  }

  /** The snapshot of earlier versions (one JSON document), read when there is no newer one. */
  get legacySnapshotPath(): string {
    return path.join(this.directory, 'parley.json');
  }

  journalPath(generation: number): string {
    return path.join(this.directory, `journal-${generation}.jsonl`);
  }

  /** The journals' generations, oldest first. */
  journalGenerations(): number[] {
    return readdirSync(this.directory)
      .map((name) => journalPattern.exec(name)?.[1])
      .filter((value): value is string => value !== undefined)
      .map(Number)
      .sort((left, right) => left - right);
  }

  /** Removes what a killed server left: a half-written snapshot, a stale lock. */
  removeLeftovers(): void {
    for (const name of readdirSync(this.directory)) {
      if (temporarySnapshotPattern.test(name) || isStaleLockLeftover(name))
        rmSync(path.join(this.directory, name), { force: true });
    }
  }
}

export function exists(filePath: string): boolean {
  try {
    statSync(filePath);
    return true;
  } catch {
    return false;
  }
}
