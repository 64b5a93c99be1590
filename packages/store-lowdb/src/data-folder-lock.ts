import {
  closeSync,
  fstatSync,
  linkSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/** The lock file's owner and its inode, read through one descriptor (so both are of the same file). */
function readLock(lockPath: string): { owner: number; inode: number } | undefined {
  let descriptor: number;
  try {
    descriptor = openSync(lockPath, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(32);
    const length = readSync(descriptor, buffer, 0, buffer.length, 0);
    return {
      owner: Number.parseInt(buffer.subarray(0, length).toString('utf8'), 10),
      inode: fstatSync(descriptor).ino,
    };
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Puts the lock file in place only if there is none: a hard link of a file that
 * already holds our pid, so the lock is never seen empty, and two servers can
 * never both create it. File systems without hard links fall back to an
 * exclusive create.
 */
function createLock(lockPath: string, ours: string): boolean {
  try {
    linkSync(ours, lockPath);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  }
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Replaces a stale lock with ours, exactly once however many servers try: the
 * lock file is never removed (so nobody can create a second one meanwhile);
 * it is replaced by rename, and only by the server that made the take-over
 * token of that stale file (named after its inode). The winner checks the lock
 * is still that file before replacing it, and removes the token after, so a
 * server that comes late finds a live lock instead.
 */
function takeOver(lockPath: string, ours: string, stale: { owner: number; inode: number }): boolean {
  const token = `${lockPath}.takeover-${stale.inode}`;
  if (!createLock(token, ours)) {
    const holder = readLock(token);
    // A server that died while taking over left its token: clear it and let the next attempt try again.
    if (holder && !processIsAlive(holder.owner)) rmSync(token, { force: true });
    return false;
  }
  try {
    if (readLock(lockPath)?.inode !== stale.inode) return false;
    renameSync(ours, lockPath);
    return true;
  } finally {
    rmSync(token, { force: true });
  }
}

/**
 * One server per data folder: a lock file holding the owner's pid. A lock left
 * by a process that died (kill -9) is taken over, by one server only even when
 * several start at once.
 */
const lockedHere = new Set<string>();

export function lockDataFolder(directory: string): () => void {
  const lockPath = path.join(directory, 'parley.lock');
  if (lockedHere.has(lockPath))
    throw new Error(`The data folder ${directory} is already open in this process`);
  const ours = `${lockPath}.${process.pid}.tmp`;
  const locked = () => {
    lockedHere.add(lockPath);
    return () => {
      lockedHere.delete(lockPath);
      if (readLock(lockPath)?.owner === process.pid) rmSync(lockPath, { force: true });
    };
  };
  writeFileSync(ours, String(process.pid));
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      if (createLock(lockPath, ours)) return locked();
      const lock = readLock(lockPath);
      if (!lock) continue;
      if (Number.isInteger(lock.owner) && lock.owner !== process.pid && processIsAlive(lock.owner)) {
        throw new Error(`The data folder ${directory} is in use by process ${lock.owner}; stop it first`);
      }
      if (takeOver(lockPath, ours, lock)) return locked();
    }
  } finally {
    rmSync(ours, { force: true });
  }
  const owner = readLock(lockPath)?.owner;
  throw new Error(
    `Could not lock the data folder ${directory}${owner ? `; it is in use by process ${owner}` : ''}`,
  );
}

/** The live process that holds the data folder, if any (a lock left by a dead one does not count). */
export function folderOwner(directory: string): number | undefined {
  const owner = readLock(path.join(directory, 'parley.lock'))?.owner;
  if (owner === undefined || !Number.isInteger(owner)) return undefined;
  return owner === process.pid || processIsAlive(owner) ? owner : undefined;
}

/** Whether `name` is a file of the lock's making that a process which died left behind. */
export function isStaleLockLeftover(name: string): boolean {
  const pid = Number(/^parley\.lock\.(\d+)\.tmp$/.exec(name)?.[1]);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processIsAlive(pid);
}
