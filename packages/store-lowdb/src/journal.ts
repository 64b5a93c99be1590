import { closeSync, fdatasyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { ParleyError, type WriteOperation } from '@parley/engine';
import { readLines } from './line-reader.js';

export interface JournalEntry {
  operations: WriteOperation[];
}

/**
 * Reads a journal file line by line (one JSON entry a line), handing each entry
 * to `onEntry`. A last line cut short by a crash is dropped (and the file
 * truncated to the last whole entry); damage anywhere else is refused loudly
 * rather than silently losing data. Returns the journal's length once whole.
 */
export async function readJournal(filePath: string, onEntry: (entry: JournalEntry) => void): Promise<number> {
  let damagedAt: number | undefined;
  let damage: unknown;
  let lines: { wholeBytes: number; size: number };
  try {
    lines = await readLines(filePath, (line, offset) => {
      if (damagedAt !== undefined) {
        throw new Error(`The journal ${filePath} is damaged at byte ${damagedAt}`, { cause: damage });
      }
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch (error) {
        damagedAt = offset;
        damage = error;
        return;
      }
      onEntry(entry);
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const wholeLength = damagedAt ?? lines.wholeBytes;
  if (wholeLength < lines.size) truncate(filePath, wholeLength);
  return wholeLength;
}

function truncate(filePath: string, length: number): void {
  const descriptor = openSync(filePath, 'r+');
  try {
    ftruncateSync(descriptor, length);
  } finally {
    closeSync(descriptor);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EDQUOT') return 'the disk quota is used up';
  return `the data folder cannot be written (${code ?? (error as Error).message})`;
}

/**
 * Appends whole entries to a journal file, one line each. A failed append
 * (a full disk) is cut off again, so the journal holds only whole,
 * acknowledged entries and the write is answered with an error; if even that
 * fails, every write is refused until the journal is whole again.
 */
export class JournalWriter {
  private descriptor: number;
  /** The length of the journal's whole entries: everything after it is a failed append. */
  bytes: number;
  /** Set while a failed append could not be cut off: the journal must be repaired before any write. */
  private damage: string | null = null;

  constructor(
    readonly filePath: string,
    private readonly fsync: boolean,
    existingBytes: number,
  ) {
    this.descriptor = openSync(filePath, 'a');
    this.bytes = existingBytes;
  }

  /** Null while writes are taken; otherwise why they are refused. */
  get problem(): string | null {
    return this.damage;
  }

  /** Writes the entries, one line each, in one system call when it can (several when the system writes part). */
  append(entries: JournalEntry[]): void {
    if (this.damage !== null) this.repair();
    const buffer = Buffer.from(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), 'utf8');
    try {
      let written = 0;
      while (written < buffer.length) {
        written += writeSync(this.descriptor, buffer, written, buffer.length - written);
      }
      if (this.fsync) fdatasyncSync(this.descriptor);
    } catch (error) {
      this.cutOff(error);
      throw new ParleyError(
        'internal_error',
        `Nothing was stored: ${reason(error)}. Free some space; the data already stored is safe.`,
        { storage: 'write_failed' },
        { cause: error },
      );
    }
    this.bytes += buffer.length;
  }

  /** Cuts the journal back to its whole entries after a failed append. */
  private cutOff(cause: unknown): void {
    try {
      ftruncateSync(this.descriptor, this.bytes);
    } catch (error) {
      this.damage = `a failed write (${reason(cause)}) could not be cut off the journal ${this.filePath}: ${reason(error)}`;
    }
  }

  private repair(): void {
    try {
      ftruncateSync(this.descriptor, this.bytes);
      this.damage = null;
    } catch {
      throw new ParleyError(
        'internal_error',
        `Writes are refused until the journal is whole again: ${this.damage}. Free some space or fix the data folder.`,
        { storage: 'not_writable' },
      );
    }
  }

  close(): void {
    closeSync(this.descriptor);
  }
}
