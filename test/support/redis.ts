/**
 * Runs the server tests on Redis when `REDIS_URL` is set (the CI pass of the whole suite on PostgreSQL
 * and Redis): each server a test starts gets a key prefix of its own, whose keys are removed when it
 * stops. Without `REDIS_URL` the servers coordinate in process, as always.
 */
import { removeKeys, testPrefix } from '@parley/coordination-redis/testing';

export interface TestRedis {
  /** What the server's environment gains: Redis and its own key prefix (nothing without Redis). */
  environment: Record<string, string>;
  /** Removes every key under the prefix (nothing without Redis). */
  remove(): Promise<void>;
}

export function testRedis(redisUrl = process.env.REDIS_URL): TestRedis {
  if (!redisUrl) return { environment: {}, remove: async () => {} };
  const prefix = testPrefix();
  return {
    environment: { REDIS_URL: redisUrl, PARLEY_REDIS_PREFIX: prefix },
    remove: async () => {
      await removeKeys(redisUrl, prefix);
    },
  };
}
