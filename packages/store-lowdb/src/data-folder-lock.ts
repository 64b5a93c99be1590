import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One server per data folder: a lock file holding the owner's pid. A lock left
 * by a process that died (kill -9) is taken over.
 */
const lockedHere = new Set<string>();

export function lockDataFolder(directory: string): () => void {
  const lockPath = path.join(directory, 'parley.lock');
  if (lockedHere.has(lockPath))
    throw new Error(`The data folder ${directory} is already open in this process`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const descriptor = openSync(lockPath, 'wx');
      writeSync(descriptor, String(process.pid));
      closeSync(descriptor);
      lockedHere.add(lockPath);
      return () => {
        lockedHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) {
        throw new Error(`The data folder ${directory} is in use by process ${owner}; stop it first`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${directory}`);
}
