import type { SessionEvent } from '@parley/engine';
import { eventually } from '@parley/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisCoordination, type RedisCoordination } from './redis-coordination.js';
import { freePort, TestRedisServer } from './test-redis-server.js';

const unavailable = { code: 'unavailable', details: { retry_after_seconds: 5 } };

/** Every call that needs Redis, each resolving to what it gave or rejecting with what it threw. */
function everyCall(coordination: RedisCoordination) {
  return {
    lock: coordination.locks.run('session:outage', async () => 'ran'),
    begin: coordination.liveTurns.begin('key_1', `outage-${Math.random()}`),
    state: coordination.liveTurns.state('key_1', 'outage'),
    attach: coordination.liveTurns.attach('key_1', 'outage', 0, { event() {}, end() {} }),
    dedupe: coordination.dedupe.firstSeen(`delivery:${Math.random()}`, 60_000),
  };
}

describe('Redis coordination through an outage', () => {
  let server: TestRedisServer;
  let first: RedisCoordination;
  let second: RedisCoordination;

  beforeAll(async () => {
    server = new TestRedisServer(await freePort());
    await server.start();
    const open = () =>
      openRedisCoordination({
        url: server.url,
        keyPrefix: 'outage:',
        commandTimeoutMs: 500,
        liveTurnTtlMs: 3_000,
      });
    [first, second] = await Promise.all([open(), open()]);
  });

  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await server?.stop();
  });

  it('fails every call fast with 503 unavailable while Redis is down, and recovers by itself when it returns', async () => {
    const heard: SessionEvent[] = [];
    second.bus.subscribe('session:outage', (event) => heard.push(event));
    await second.bus.settled?.();
    const follower = { ends: [] as unknown[] };
    const recorder = await first.liveTurns.begin('key_1', 'cut-short');
    recorder?.record({ type: 'token', content: 'a' });
    await second.liveTurns.attach('key_1', 'cut-short', 0, {
      event() {},
      end: (outcome) => follower.ends.push(outcome),
    });

    await server.stop();
    await eventually(async () => expect(await first.reachable()).toBe(false));
    const calls = everyCall(first);
    for (const [name, call] of Object.entries(calls)) {
      await expect(call, name).rejects.toMatchObject(unavailable);
    }
    // A counter fails with an error, not a refusal (`RateLimiterRes`): the server answers it 503.
    const counting = first.counters({ keyPrefix: 'minute', points: 100, duration: 60 }).consume('key_1');
    await expect(counting).rejects.toBeInstanceOf(Error);
    expect(() => first.bus.publish('session:outage', { type: 'resolved', session_id: 'lost' })).not.toThrow();

    await server.start();
    await eventually(async () => {
      expect(await first.reachable()).toBe(true);
      expect(await second.reachable()).toBe(true);
    });
    // Everything works again, with nobody restarting anything.
    expect(await first.locks.run('session:outage', async () => 'ran')).toBe('ran');
    expect(await first.dedupe.firstSeen('delivery:after', 60_000)).toBe(true);
    expect(await second.dedupe.firstSeen('delivery:after', 60_000)).toBe(false);
    const counted = await first.counters({ keyPrefix: 'minute', points: 100, duration: 60 }).consume('key_1');
    expect(counted.consumedPoints).toBe(1);
    const turn = await first.liveTurns.begin('key_1', 'after');
    turn?.record({ type: 'token', content: 'b' });
    turn?.finish({ ok: true });
    const replayed: string[] = [];
    await eventually(async () => {
      await second.liveTurns.attach('key_1', 'after', 0, {
        event: ({ event }) => replayed.push(event.type),
        end() {},
      });
      expect(replayed).toEqual(['token']);
    });
    // The bus subscription made before the outage is back.
    await eventually(() => {
      first.bus.publish('session:outage', { type: 'resolved', session_id: 'after' });
      expect(heard.map((event) => event.session_id)).toContain('after');
    });
    // The follower of a turn lost with the restarted Redis (no persistence) hears an end, not silence.
    await eventually(() => expect(follower.ends).toEqual([expect.objectContaining({ ok: false })]), 15_000);
  });

  it('leaves no lock held when taking it timed out while Redis was frozen', async () => {
    server.pause();
    try {
      // Redis takes the lock once it thaws, but this caller was told 503 and will never release it.
      await expect(first.locks.run('session:frozen', async () => 'ran')).rejects.toMatchObject(unavailable);
    } finally {
      server.resume();
    }
    const started = Date.now();
    expect(await second.locks.run('session:frozen', async () => 'ran')).toBe('ran');
    // Not the 15 s lease of a lock nobody holds.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('leaves a request id free to be sent again when beginning its turn timed out while Redis was frozen', async () => {
    server.pause();
    try {
      await expect(first.liveTurns.begin('key_1', 'frozen-begin')).rejects.toMatchObject(unavailable);
    } finally {
      server.resume();
    }
    // Once Redis has run what was sent while it was frozen (a PING after it on the same connection):
    await eventually(async () => expect(await first.reachable()).toBe(true));
    // the turn never ran (its sender was told 503): sent again, it is answered, not followed as live.
    expect(await second.liveTurns.state('key_1', 'frozen-begin')).toBe('unknown');
    expect(await second.liveTurns.begin('key_1', 'frozen-begin')).not.toBeNull();
  });

  it('opens while Redis is unreachable (calls fail fast meanwhile) and works once it comes up', async () => {
    const later = new TestRedisServer(await freePort());
    const coordination = await openRedisCoordination({
      url: later.url,
      keyPrefix: 'late:',
      commandTimeoutMs: 500,
      connectWaitMs: 200,
    });
    try {
      expect(await coordination.reachable()).toBe(false);
      await expect(coordination.dedupe.firstSeen('delivery:1', 60_000)).rejects.toMatchObject(unavailable);
      await later.start();
      await eventually(async () => expect(await coordination.reachable()).toBe(true), 10_000);
      expect(await coordination.dedupe.firstSeen('delivery:1', 60_000)).toBe(true);
    } finally {
      await coordination.close();
      await later.stop();
    }
  });
});
