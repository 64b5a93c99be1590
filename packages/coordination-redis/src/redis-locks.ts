import { randomUUID } from 'node:crypto';
import { KeyedMutex, type Locks, ParleyError } from '@parley/engine';
import type { Redis } from 'ioredis';
import { redisCall } from './redis-client.js';

/** Extends the lease only while the lock still holds our token. */
const renewScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
/** Deletes the lock only while it still holds our token (never another holder's). */
const releaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export interface RedisLocksOptions {
  /** A holder that stops renewing (a killed node) loses the lock after this. */
  leaseMs: number;
  /** Waiting longer than this for a lock answers 503 `unavailable`. */
  waitMs: number;
  onError: (error: unknown, what: string) => void;
}

/**
 * Locks shared by the nodes: `SET key token NX PX lease`, renewed while the task runs, released by
 * a compare-and-delete script. Within a node, tasks on one key queue in order on a `KeyedMutex`
 * first, so only one of them at a time waits on Redis. While Redis is unreachable a lock fails at
 * once with 503 `unavailable`; a node that dies holding one frees it within a lease.
 */
export class RedisLocks implements Locks {
  private readonly local = new KeyedMutex();

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly options: RedisLocksOptions,
  ) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, () => this.runHeld(`${this.prefix}lock:${key}`, task));
  }

  private async runHeld<T>(lockKey: string, task: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    await this.acquire(lockKey, token);
    const { leaseMs, onError } = this.options;
    const renewal = setInterval(
      () => {
        redisCall(() => this.client.eval(renewScript, 1, lockKey, token, String(leaseMs))).then(
          (renewed) => {
            if (renewed === 0) onError(new Error(`lock ${lockKey} was lost while held`), 'renew a lock');
          },
          (error: unknown) => onError(error, 'renew a lock'),
        );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      // Not released (Redis away): the lease frees it.
      await redisCall(() => this.client.eval(releaseScript, 1, lockKey, token)).catch((error: unknown) =>
        onError(error, 'release a lock'),
      );
    }
  }

  /**
   * A `SET NX` that timed out (Redis stuck) may still be run once Redis answers again, leaving the
   * lock held by nobody for a whole lease: the turns of that session would wait for it. The release
   * sent right after it on the same connection runs after it, and frees it.
   */
  private abandon(lockKey: string, token: string): void {
    this.client.eval(releaseScript, 1, lockKey, token).catch(() => {});
  }

  private async acquire(lockKey: string, token: string): Promise<void> {
    const deadline = Date.now() + this.options.waitMs;
    let delay = 2;
    for (;;) {
      const taken = await redisCall(() =>
        this.client.set(lockKey, token, 'PX', this.options.leaseMs, 'NX'),
      ).catch((error: unknown) => {
        this.abandon(lockKey, token);
        throw error;
      });
      if (taken === 'OK') return;
      if (Date.now() > deadline) {
        throw new ParleyError(
          'unavailable',
          'Another turn of this conversation is still running; try again',
          {
            retry_after_seconds: 5,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 50);
    }
  }
}
