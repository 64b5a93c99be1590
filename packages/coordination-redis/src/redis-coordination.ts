import type { Dedupe, EventBus, LiveTurnLog, Locks } from '@parley/engine';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis, whenReady } from './redis-client.js';
import { type CounterFactory, redisCounters } from './redis-counters.js';
import { RedisDedupe } from './redis-dedupe.js';
import { RedisEventBus } from './redis-event-bus.js';
import { RedisLiveTurnLog } from './redis-live-turn-log.js';
import { RedisLocks } from './redis-locks.js';
import { Subscriptions } from './subscriptions.js';

export interface RedisCoordinationOptions {
  /** `redis://host:port/db` (or `rediss://`). */
  url: string;
  /** Put before every key and channel; one per deployment (or test run). Default `parley:`. */
  keyPrefix?: string;
  /** Every command answers within this or fails with 503 `unavailable`. Default 2,000 ms. */
  commandTimeoutMs?: number;
  /** How long a finished turn stays resumable. Default 5 minutes. */
  retentionMs?: number;
  /** Events kept per turn. Default 10,000. */
  maxEventsPerTurn?: number;
  /** A live turn whose writer stopped (a killed node) is forgotten after this. Default 30 s. */
  liveTurnTtlMs?: number;
  /** A lock whose holder stopped renewing is free after this. Default 15 s. */
  lockLeaseMs?: number;
  /** Waiting longer for a lock answers 503. Default 5 minutes (a turn waits for the one before it). */
  lockWaitMs?: number;
  /** How long `open` waits for a first connection before going on (it keeps trying). Default 2,000 ms. */
  connectWaitMs?: number;
  /** Reports what failed in the background (a publish, a lock renewal, the connection). */
  onError?: (error: unknown, what: string) => void;
}

/** Every coordination seam on one Redis, for an engine (`bus`, `locks`, `liveTurnLog`, `dedupe`) and the server's limits. */
export interface RedisCoordination {
  bus: EventBus;
  locks: Locks;
  liveTurns: LiveTurnLog;
  dedupe: Dedupe;
  /** rate-limiter-flexible's Redis counters, for every limit. */
  counters: CounterFactory;
  keyPrefix: string;
  /** True when Redis answers a PING in time (for `/readyz`). */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openRedisCoordination(options: RedisCoordinationOptions): Promise<RedisCoordination> {
  const keyPrefix = options.keyPrefix ?? 'parley:';
  const commandTimeoutMs = options.commandTimeoutMs ?? 2_000;
  const onError = options.onError ?? (() => {});
  const commands = connectRedis(options.url, { commandTimeoutMs, name: 'parley' });
  const subscriber = connectRedis(options.url, {
    commandTimeoutMs,
    name: 'parley-subscriber',
    subscriber: true,
  });
  reportConnectionErrors(commands, onError);
  reportConnectionErrors(subscriber, onError);
  const subscriptions = new Subscriptions(subscriber, onError);
  const connectWaitMs = options.connectWaitMs ?? 2_000;
  await Promise.all([whenReady(commands, connectWaitMs), whenReady(subscriber, connectWaitMs)]);
  return {
    bus: new RedisEventBus(commands, subscriptions, keyPrefix, onError),
    locks: new RedisLocks(commands, keyPrefix, {
      leaseMs: options.lockLeaseMs ?? 15_000,
      waitMs: options.lockWaitMs ?? 5 * 60_000,
      onError,
    }),
    liveTurns: new RedisLiveTurnLog(commands, subscriptions, keyPrefix, {
      retentionMs: options.retentionMs ?? 5 * 60_000,
      maxEventsPerTurn: options.maxEventsPerTurn ?? 10_000,
      liveTtlMs: options.liveTurnTtlMs ?? 30_000,
      checkEveryMs: 5_000,
      onError,
    }),
    dedupe: new RedisDedupe(commands, keyPrefix),
    counters: redisCounters(commands, keyPrefix),
    keyPrefix,
    async reachable() {
      if (commands.status !== 'ready' || subscriber.status !== 'ready') return false;
      return commands.ping().then(
        (answer) => answer === 'PONG',
        () => false,
      );
    },
    async close() {
      await Promise.all([closeRedis(commands), closeRedis(subscriber)]);
    },
  };
}

/** A connection's errors are reported once per outage, not once per reconnect attempt. */
function reportConnectionErrors(client: Redis, onError: (error: unknown, what: string) => void): void {
  let reported = false;
  client.on('error', (error: unknown) => {
    if (!reported) onError(error, 'the Redis connection');
    reported = true;
  });
  client.on('ready', () => {
    reported = false;
  });
}
