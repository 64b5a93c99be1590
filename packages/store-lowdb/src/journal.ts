import { closeSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { WriteOperation } from '@parley/engine';

export interface JournalEntry {
  operations: WriteOperation[];
}

/**
 * Reads a journal file: one JSON entry a line. A last line cut short by a crash
 * is dropped (and the file truncated to the last whole entry); damage anywhere
 * else is refused loudly rather than silently losing data.
 */
export function readJournal(filePath: string): JournalEntry[] {
  let content: Buffer;
  try {
    content = readFileSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: JournalEntry[] = [];
  let start = 0;
  while (start < content.length) {
    const end = content.indexOf(10, start);
    if (end === -1) break;
    const line = content.subarray(start, end).toString('utf8');
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch (error) {
      const isLast = end === content.length - 1;
      if (!isLast) throw new Error(`The journal ${filePath} is damaged at byte ${start}`, { cause: error });
      break;
    }
    start = end + 1;
  }
  if (start < content.length) truncate(filePath, start);
  return entries;
}

function truncate(filePath: string, length: number): void {
  const descriptor = openSync(filePath, 'r+');
  try {
    ftruncateSync(descriptor, length);
  } finally {
    closeSync(descriptor);
  }
}

/** Appends whole entries to a journal file, one line each. */
export class JournalWriter {
  private descriptor: number;
  bytes: number;

  constructor(
    readonly filePath: string,
    private readonly fsync: boolean,
    existingBytes: number,
  ) {
    this.descriptor = openSync(filePath, 'a');
    this.bytes = existingBytes;
  }

  /** Writes the entries, one line each, in a single system call. */
  append(entries: JournalEntry[]): void {
    const buffer = Buffer.from(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''), 'utf8');
    let written = 0;
    while (written < buffer.length) {
      written += writeSync(this.descriptor, buffer, written, buffer.length - written);
    }
    if (this.fsync) fdatasyncSync(this.descriptor);
    this.bytes += buffer.length;
  }

  close(): void {
    closeSync(this.descriptor);
  }
}
