/** What this package's tests share: a key prefix per test run on the machine's Redis, removed afterwards. */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const sharedRedisUrl = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function testPrefix(): string {
  return `parley-test:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix` (SCAN, never KEYS), and says how many there were. */
export async function removeKeys(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return removed;
}

/** Every key under `prefix` with its time to live in ms (-1: none). */
export async function keysWithTtl(url: string, prefix: string): Promise<Map<string, number>> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  const found = new Map<string, number>();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) found.set(key, await client.pttl(key));
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return found;
}
