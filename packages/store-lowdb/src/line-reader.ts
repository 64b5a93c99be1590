import { open } from 'node:fs/promises';

/** How much of a file is read at a time: a file of any size is read without one string or buffer holding it. */
export const chunkBytes = 4 * 1024 * 1024;

export interface LinesRead {
  /** The byte offset just after the last whole line (a line ends with `\n`). */
  wholeBytes: number;
  /** The file's length: more than `wholeBytes` when its last line has no end. */
  size: number;
}

/**
 * Calls `onLine` with every whole line of a file (without its `\n`) and the
 * byte offset it starts at, reading the file a chunk at a time (the event
 * loop turns between chunks).
 */
export async function readLines(
  filePath: string,
  onLine: (line: string, offset: number) => void,
  bytesPerRead = chunkBytes,
): Promise<LinesRead> {
  const file = await open(filePath, 'r');
  try {
    const chunk = Buffer.allocUnsafe(bytesPerRead);
    let carried: Buffer = Buffer.alloc(0);
    /** The file offset of `carried`'s first byte. */
    let carriedOffset = 0;
    let size = 0;
    for (;;) {
      const { bytesRead: read } = await file.read(chunk, 0, chunk.length, null);
      if (read === 0) break;
      size += read;
      const buffer =
        carried.length > 0 ? Buffer.concat([carried, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (;;) {
        const end = buffer.indexOf(10, start);
        if (end === -1) break;
        onLine(buffer.toString('utf8', start, end), carriedOffset + start);
        start = end + 1;
      }
      carried = Buffer.from(buffer.subarray(start));
      carriedOffset += start;
    }
    return { wholeBytes: carriedOffset, size };
  } finally {
    await file.close();
  }
}

/**
 * Like `readLines`, but hands over the whole lines of each chunk at once, as
 * JSON array texts of about 64 KiB (`[line,line,…]`: the newlines between them
 * become commas), so a file of small JSON lines is parsed without a string per
 * line. `offset` is the file offset of the group's first line.
 */
/** The size of the groups of lines `readLineArrays` parses at once. */
const bytesPerArray = 64 * 1024;

export async function readLineArrays(
  filePath: string,
  onArray: (arrayText: string, offset: number) => void,
  bytesPerRead = chunkBytes,
): Promise<LinesRead> {
  const file = await open(filePath, 'r');
  try {
    // The unfinished last line of a read stays at the front of `storage` and the next read lands after it (no copy of the chunk).
    let storage = Buffer.allocUnsafe(bytesPerRead * 2);
    let carriedLength = 0;
    let carriedOffset = 0;
    let size = 0;
    for (;;) {
      if (storage.length - carriedLength < bytesPerRead) {
        const larger = Buffer.allocUnsafe(carriedLength + bytesPerRead * 2);
        storage.copy(larger, 0, 0, carriedLength);
        storage = larger;
      }
      const { bytesRead: read } = await file.read(storage, carriedLength, bytesPerRead, null);
      if (read === 0) break;
      size += read;
      const buffer = storage.subarray(0, carriedLength + read);
      const end = buffer.lastIndexOf(10);
      // Groups of lines of about `bytesPerArray`: small strings stay in the young generation.
      for (let start = 0; start < end; ) {
        const found = buffer.indexOf(10, start + bytesPerArray);
        const groupEnd = found === -1 || found > end ? end : found;
        for (
          let newline = buffer.indexOf(10, start);
          newline !== -1 && newline < groupEnd;
          newline = buffer.indexOf(10, newline + 1)
        )
          buffer[newline] = 44;
        onArray(`[${buffer.toString('utf8', start, groupEnd)}]`, carriedOffset + start);
        start = groupEnd + 1;
      }
      storage.copyWithin(0, end + 1, buffer.length);
      carriedLength = buffer.length - (end + 1);
      carriedOffset += end + 1;
    }
    return { wholeBytes: carriedOffset, size };
  } finally {
    await file.close();
  }
}
