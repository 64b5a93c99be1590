/**
 * What a coordination seam costs per call, in-process vs Redis (127.0.0.1:6379, its own key prefix,
 * removed afterwards): a lock taken and released, a live turn of 50 tokens written then replayed
 * on a second node, a dedupe check. 32 at once, for `PARLEY_BENCH_SECONDS` (default 3) each.
 * `npx tsx bench/coordination.ts`
 */

import { openRedisCoordination } from '@parley/coordination-redis';
import { removeKeys, sharedRedisUrl, testPrefix } from '@parley/coordination-redis/testing';
import {
  type Dedupe,
  type EventBus,
  InProcessDedupe,
  InProcessEventBus,
  InProcessLiveTurnLog,
  KeyedMutex,
  type LiveTurnLog,
  type Locks,
  systemClock,
} from '@parley/engine';

interface CoordinationNode {
  bus: EventBus;
  locks: Locks;
  liveTurns: LiveTurnLog;
  dedupe: Dedupe;
}

const seconds = Number(process.env.PARLEY_BENCH_SECONDS ?? 3);
const concurrency = 32;

async function measure(name: string, operation: (index: number) => Promise<void>): Promise<void> {
  const durations: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await operation(next++);
        durations.push(performance.now() - started);
      }
    }),
  );
  durations.sort((a, b) => a - b);
  const at = (fraction: number) => durations[Math.floor(fraction * (durations.length - 1))]?.toFixed(2);
  const perSecond = Math.round(durations.length / seconds);
  console.log(`${name.padEnd(44)} ${String(perSecond).padStart(7)}/s  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`);
}

async function run(label: string, first: CoordinationNode, second: CoordinationNode): Promise<void> {
  await measure(`${label}: lock + release (32 keys)`, (index) =>
    first.locks.run(`session:${index % 32}`, async () => {}),
  );
  await measure(`${label}: live turn, 50 tokens, replayed elsewhere`, async (index) => {
    const recorder = await first.liveTurns.begin('key_bench', `turn-${index}`);
    for (let token = 0; token < 50; token++) recorder?.record({ type: 'token', content: 'word ' });
    recorder?.finish({ ok: true });
    await new Promise<void>((resolve) => {
      const attach = () =>
        second.liveTurns
          .attach('key_bench', `turn-${index}`, 0, { event() {}, end: () => resolve() })
          .then((attachment) => {
            if (attachment.state === 'unknown') setTimeout(attach, 1);
          });
      void attach();
    });
  });
  await measure(`${label}: dedupe`, async (index) => {
    await first.dedupe.firstSeen(`delivery:${index}`, 60_000);
  });
}

const memory: CoordinationNode = {
  bus: new InProcessEventBus(),
  locks: new KeyedMutex(),
  liveTurns: new InProcessLiveTurnLog(systemClock),
  dedupe: new InProcessDedupe(),
};
await run('in-process', memory, memory);

const keyPrefix = testPrefix();
const [first, second] = await Promise.all([
  openRedisCoordination({ url: sharedRedisUrl, keyPrefix }),
  openRedisCoordination({ url: sharedRedisUrl, keyPrefix }),
]);
try {
  await run('Redis', first, second);
} finally {
  await Promise.all([first.close(), second.close()]);
  await removeKeys(sharedRedisUrl, keyPrefix);
}
