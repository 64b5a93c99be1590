/**
 * What the hot path sends Redis: a lock is released (and renewed) by its script's SHA-1 (`EVALSHA`),
 * not by the script's text each time (`EVAL`), and the commands given in one tick leave in one write
 * (auto-pipelining), which Redis reads in one go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisCoordination, type RedisCoordination } from './redis-coordination.js';
import { freePort, TestRedisServer } from './test-redis-server.js';

async function info(server: TestRedisServer, section: string): Promise<Record<string, string>> {
  const { Redis } = await import('ioredis');
  const client = new Redis(server.url);
  try {
    const text = await client.info(section);
    return Object.fromEntries(
      text
        .split('\r\n')
        .filter((line) => line.includes(':'))
        .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1)]),
    );
  } finally {
    client.disconnect();
  }
}

describe('Redis commands of the hot path', () => {
  let server: TestRedisServer;
  let coordination: RedisCoordination;

  beforeAll(async () => {
    server = new TestRedisServer(await freePort());
    await server.start();
    coordination = await openRedisCoordination({
      url: server.url,
      keyPrefix: 'trips:',
      commandTimeoutMs: 2_000,
    });
  });

  afterAll(async () => {
    await coordination?.close();
    await server?.stop();
  });

  it('releases locks by EVALSHA: the script text is sent once, when Redis does not know it yet', async () => {
    for (let turn = 0; turn < 10; turn += 1)
      expect(await coordination.locks.run(`session:${turn}`, async () => turn)).toBe(turn);
    const stats = await info(server, 'commandstats');
    const calls = (name: string) => Number(/calls=(\d+)/.exec(stats[`cmdstat_${name}`] ?? '')?.[1] ?? 0);
    expect(calls('set')).toBe(10);
    expect(calls('evalsha')).toBe(10);
    expect(calls('eval')).toBe(1);
  });

  it('sends the counters taken in one tick in one write', async () => {
    const before = Number((await info(server, 'stats')).total_reads_processed);
    const counters = Array.from({ length: 40 }, (_, index) =>
      coordination.counters({ keyPrefix: `window${index}`, points: 100, duration: 60 }),
    );
    await Promise.all(counters.map((counter) => counter.consume('key_1')));
    const reads = Number((await info(server, 'stats')).total_reads_processed) - before;
    // 40 scripts and the INFO connection's own commands: a handful of reads, not 40.
    expect(reads).toBeLessThan(10);
  });
});
