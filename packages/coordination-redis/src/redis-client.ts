import { unavailable } from '@parley/engine';
import { Redis } from 'ioredis';

export interface RedisClientOptions {
  /** Every command answers within this or fails (503 `unavailable`). */
  commandTimeoutMs: number;
  /** A name shown by `CLIENT LIST`, for operators. */
  name: string;
  /** Pub/sub connection: channels are subscribed again by `Subscriptions` on every reconnect. */
  subscriber?: boolean;
}

/**
 * A connection that never queues or hangs: while Redis is unreachable every command fails at once
 * (no offline queue), every command that is sent answers within the timeout, and the connection
 * keeps reconnecting in the background (at most every 2 s), so everything recovers by itself.
 */
export function connectRedis(url: string, options: RedisClientOptions): Redis {
  return new Redis(url, {
    connectionName: options.name,
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: Math.max(options.commandTimeoutMs, 1_000),
    maxRetriesPerRequest: 0,
    autoResubscribe: !options.subscriber,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), 2_000),
    // Errors reach the callers as rejections; the connection's own are reported by the 'error' listener.
    lazyConnect: false,
  });
}

/** What Redis answered with an error reply (a bug of ours, not an outage). */
function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

/** Runs one Redis call; an outage (refused, closed, timed out) becomes 503 `unavailable`. */
export async function redisCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isReplyError(error)) throw error;
    throw unavailable('Redis', error);
  }
}

/** Resolves when the connection is ready, or after `timeoutMs` (false) without failing. */
export function whenReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

/** Closes a connection politely, or at once when Redis does not answer. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  await client.quit().catch(() => client.disconnect());
}
