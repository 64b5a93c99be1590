import type { Dedupe } from '@parley/engine';
import type { Redis } from 'ioredis';
import { redisCall } from './redis-client.js';

/** Seen-once across nodes: `SET key 1 NX PX ttl`, so every key expires. 503 `unavailable` while Redis is away. */
export class RedisDedupe implements Dedupe {
  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {}

  async firstSeen(key: string, ttlMs: number): Promise<boolean> {
    const set = await redisCall(() =>
      this.client.set(`${this.prefix}seen:${key}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'),
    );
    return set === 'OK';
  }
}
