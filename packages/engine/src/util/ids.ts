import { randomFillSync } from 'node:crypto';

export type IdPrefix =
  | 'app'
  | 'agt'
  | 'ds'
  | 'doc'
  | 'def'
  | 'sess'
  | 'conv'
  | 'msg'
  | 'trace'
  | 'whk'
  | 'key'
  | 'evt'
  | 'shr'
  | 'chl'
  | 'spt'
  | 'op'
  | 'csn'
  | 'inv';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** CSPRNG bytes, drawn from a pool refilled 4 KiB at a time (one system call for many ids). */
function randomBytesFromPool(count: number): Buffer {
  if (count > pool.length) return randomFillSync(Buffer.alloc(count));
  if (poolOffset + count > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

/** A URL-safe random string of `length` characters from the CSPRNG (6 random bits each). */
export function randomToken(length: number): string {
  const bytes = randomBytesFromPool(length);
  let token = '';
  for (let index = 0; index < length; index += 1) token += alphabet[(bytes[index] as number) & 63];
  return token;
}

/** An id: the prefix, an underscore and 20 random URL-safe characters (120 bits). */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(20)}`;
}
