import { type CoordinationNode, runCoordinationContract } from '@parley/engine/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedisCoordination, type RedisCoordination } from './redis-coordination.js';
import { keysWithTtl, removeKeys, sharedRedisUrl, testPrefix } from './test-support.js';

const prefix = testPrefix();
let opened: RedisCoordination[] = [];

// Two nodes = two connections pairs on one Redis under one prefix, as two server processes would have.
runCoordinationContract('Redis', {
  async open({ retentionMs, maxEventsPerTurn }) {
    const open = () =>
      openRedisCoordination({ url: sharedRedisUrl, keyPrefix: prefix, retentionMs, maxEventsPerTurn });
    opened = await Promise.all([open(), open()]);
    const [first, second] = opened as [RedisCoordination, RedisCoordination];
    const node = (coordination: RedisCoordination): CoordinationNode => coordination;
    return [node(first), node(second)];
  },
  async close() {
    await Promise.all(opened.map((coordination) => coordination.close()));
    opened = [];
  },
});

describe('Redis coordination keeps memory bounded', () => {
  afterAll(async () => {
    await removeKeys(sharedRedisUrl, prefix);
  });

  it('leaves no key without an expiry: locks, live turns, dedupe and rate-limit counters', async () => {
    const own = `${prefix}bounded:`;
    const coordination = await openRedisCoordination({ url: sharedRedisUrl, keyPrefix: own });
    try {
      await coordination.locks.run('session:held', async () => {
        const recorder = await coordination.liveTurns.begin('key_1', 'bounded');
        recorder?.record({ type: 'token', content: 'a' });
        const live = await coordination.liveTurns.begin('key_1', 'still-live');
        live?.record({ type: 'token', content: 'b' });
        recorder?.finish({ ok: true });
        await coordination.dedupe.firstSeen('delivery:1', 60_000);
        await coordination.counters({ keyPrefix: 'minute', points: 10, duration: 60 }).consume('key_1');
        // Written in order after the recorder's queued writes.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const keys = await keysWithTtl(sharedRedisUrl, own);
        expect([...keys.keys()].some((key) => key.includes('lock:session:held'))).toBe(true);
        expect([...keys.keys()].filter((key) => key.includes('{turn:'))).toHaveLength(4);
        expect(keys.size).toBe(7);
        for (const [key, ttl] of keys) expect({ key, expires: ttl > 0 }).toEqual({ key, expires: true });
      });
    } finally {
      await coordination.close();
      await removeKeys(sharedRedisUrl, own);
    }
  });
});
