import { open, rename } from 'node:fs/promises';
import { chunkBytes, readLineArrays } from './line-reader.js';

type AnyRecord = { id: string } & Record<string, unknown>;

/** The records of one collection, in creation order, for the snapshot writer. */
export interface SnapshotSection {
  name: string;
  count: number;
  records: Iterable<AnyRecord>;
}

/** Records serialized and written together, between two turns of the event loop. */
const recordsPerSlice = 500;

/**
 * The snapshot (format 2) as JSON lines: a header, then for each collection a
 * line naming it and its count followed by one record a line, then an end
 * line (so a snapshot cut short is refused instead of loaded in part):
 *
 *     {"format":2,"generation":7}
 *     {"collection":"apps","count":1}
 *     {"id":"app_…",…}
 *     {"end":true}
 */
function* snapshotSlices(generation: number, sections: SnapshotSection[]): Generator<string> {
  let slice = `${JSON.stringify({ format: 2, generation })}\n`;
  let inSlice = 0;
  for (const section of sections) {
    slice += `${JSON.stringify({ collection: section.name, count: section.count })}\n`;
    for (const record of section.records) {
      slice += `${JSON.stringify(record)}\n`;
      inSlice += 1;
      if (inSlice >= recordsPerSlice) {
        yield slice;
        slice = '';
        inSlice = 0;
      }
    }
  }
  yield `${slice}{"end":true}\n`;
}

/**
 * Writes a snapshot to a temporary file slice by slice (so a large store never
 * holds the event loop or builds one huge string), flushes it to the disk and
 * renames it into place: a crash leaves the old snapshot or the new one. The
 * record lists must not change meanwhile (the store hands over records it
 * never changes: writes replace them).
 */
export async function writeSnapshot(
  snapshotPath: string,
  generation: number,
  sections: SnapshotSection[],
): Promise<void> {
  const temporary = `${snapshotPath}.${process.pid}.tmp`;
  const file = await open(temporary, 'w');
  try {
    for (const slice of snapshotSlices(generation, sections)) await file.write(slice);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, snapshotPath);
}

/**
 * Reads a format-2 snapshot a chunk at a time (each chunk's lines parsed as one
 * array, never the whole file as one string); returns its generation.
 */
export async function readSnapshot(
  snapshotPath: string,
  onRecord: (collection: string, record: AnyRecord) => void,
  bytesPerRead = chunkBytes,
): Promise<number> {
  let generation: number | undefined;
  let collection: string | undefined;
  let remaining = 0;
  let ended = false;
  const take = (value: Record<string, unknown>, where: string) => {
    if (ended) throw new Error(`The snapshot ${snapshotPath} goes on after its end, ${where}`);
    if (generation === undefined) {
      if (value.format !== 2 || typeof value.generation !== 'number')
        throw new Error(`The snapshot ${snapshotPath} has no format-2 header`);
      generation = value.generation;
    } else if (remaining > 0) {
      onRecord(collection as string, value as AnyRecord);
      remaining -= 1;
    } else if (value.end === true) {
      ended = true;
    } else if (typeof value.collection === 'string' && typeof value.count === 'number') {
      collection = value.collection;
      remaining = value.count;
    } else {
      throw new Error(`The snapshot ${snapshotPath} is damaged ${where}`);
    }
  };
  const lines = await readLineArrays(
    snapshotPath,
    (arrayText, offset) => {
      let values: Record<string, unknown>[];
      try {
        values = JSON.parse(arrayText) as Record<string, unknown>[];
      } catch (error) {
        throw new Error(`The snapshot ${snapshotPath} is damaged in the lines from byte ${offset}`, {
          cause: error,
        });
      }
      for (const value of values) take(value, `in the lines from byte ${offset}`);
    },
    bytesPerRead,
  );
  if (!ended || lines.wholeBytes !== lines.size || generation === undefined)
    throw new Error(`The snapshot ${snapshotPath} is cut short; it cannot be loaded`);
  return generation;
}

/**
 * Reads a snapshot of format 1 (`parley.json`, written by earlier versions:
 * `{"format":1,"generation":N,"collections":{"apps":[{…},…],…}}`) a chunk at a
 * time, parsing one record at a time, so a file larger than the longest string
 * V8 can hold still loads. Returns its generation; records go to `onRecord`.
 */
export async function readLegacySnapshot(
  snapshotPath: string,
  onRecord: (collection: string, record: AnyRecord) => void,
  bytesPerRead = chunkBytes,
): Promise<number> {
  /** Everything outside the records: `{"format":1,"generation":N,"collections":{"apps":[],…}}`. */
  const skeleton: number[] = [];
  const recordsByArray: AnyRecord[][] = [];
  let depth = 0;
  let inString = false;
  let arrayIndex = -1;
  /** Where the record being read starts in `buffer`, or -1 between records. */
  let recordStart = -1;
  let carried: Buffer = Buffer.alloc(0);
  const file = await open(snapshotPath, 'r');
  try {
    const chunk = Buffer.allocUnsafe(bytesPerRead);
    for (;;) {
      const { bytesRead: read } = await file.read(chunk, 0, chunk.length, null);
      if (read === 0) break;
      const buffer =
        carried.length > 0 ? Buffer.concat([carried, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let position = carried.length;
      if (recordStart >= 0) recordStart = 0;
      const keep = (from: number, to: number) => {
        if (recordStart < 0)
          for (let index = from; index < to; index += 1) skeleton.push(buffer[index] as number);
      };
      while (position < buffer.length) {
        if (inString) {
          const quote = buffer.indexOf(34, position);
          if (quote === -1) {
            keep(position, buffer.length);
            position = buffer.length;
            break;
          }
          let backslashes = 0;
          for (let before = quote - 1; before >= 0 && buffer[before] === 92; before -= 1) backslashes += 1;
          keep(position, quote + 1);
          position = quote + 1;
          if (backslashes % 2 === 0) inString = false;
          continue;
        }
        const byte = buffer[position] as number;
        if (byte === 34) {
          inString = true;
          keep(position, position + 1);
        } else if (byte === 123 || byte === 91) {
          depth += 1;
          if (depth === 3 && byte === 91) {
            arrayIndex += 1;
            recordsByArray[arrayIndex] = [];
          }
          if (depth === 4 && recordStart < 0) recordStart = position;
          else keep(position, position + 1);
        } else if (byte === 125 || byte === 93) {
          if (depth === 4 && recordStart >= 0) {
            const record = JSON.parse(buffer.toString('utf8', recordStart, position + 1)) as AnyRecord;
            recordsByArray[arrayIndex]?.push(record);
            recordStart = -1;
          } else keep(position, position + 1);
          depth -= 1;
        } else if (!(depth === 3 && byte === 44)) {
          keep(position, position + 1);
        }
        position += 1;
      }
      carried = recordStart >= 0 ? Buffer.from(buffer.subarray(recordStart)) : Buffer.alloc(0);
    }
  } finally {
    await file.close();
  }
  if (depth !== 0 || recordStart >= 0) throw new Error(`The snapshot ${snapshotPath} is cut short`);
  const outline = JSON.parse(Buffer.from(skeleton).toString('utf8')) as {
    generation?: number;
    collections?: Record<string, unknown[]>;
  };
  const names = Object.keys(outline.collections ?? {});
  for (const [index, name] of names.entries()) {
    for (const record of recordsByArray[index] ?? []) onRecord(name, record);
  }
  return outline.generation ?? 0;
}
