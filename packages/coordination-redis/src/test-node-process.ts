/**
 * Another Parley node, for the cross-process tests: `node --import tsx test-node-process.ts <url> <prefix>`.
 * Reads one command a line on stdin and writes what happened as JSON lines on stdout:
 *   subscribe <topic>            → {"subscribed"} then {"heard": payload} for each message
 *   publish <topic> <json>       → {"published"}
 *   lock <key>                   → {"locked"}, holds it until `release` → {"releasing"}
 *   turn <request id> <tokens…>  → begins and records the tokens → {"recorded": n}; `finish` ends it
 */
import { createInterface } from 'node:readline';
import type { BusTopic, LiveTurnRecorder } from '@parley/engine';
import { openRedisCoordination } from './redis-coordination.js';

const [url = '', keyPrefix = ''] = process.argv.slice(2);
const coordination = await openRedisCoordination({ url, keyPrefix, lockLeaseMs: 1_000 });
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
let release: () => void = () => {};
let recorder: LiveTurnRecorder | null = null;

for await (const line of createInterface({ input: process.stdin })) {
  const [command, first = '', ...rest] = line.split(' ');
  if (command === 'subscribe') {
    coordination.bus.subscribe(first as BusTopic, (payload) => say({ heard: payload }));
    await coordination.bus.settled?.();
    say({ subscribed: first });
  } else if (command === 'publish') {
    coordination.bus.publish(first as BusTopic, JSON.parse(rest.join(' ')));
    say({ published: first });
  } else if (command === 'lock') {
    void coordination.locks.run(first, async () => {
      say({ locked: first });
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      say({ releasing: first });
    });
  } else if (command === 'release') {
    release();
  } else if (command === 'turn') {
    recorder = await coordination.liveTurns.begin('key_1', first);
    for (const content of rest) recorder?.record({ type: 'token', content });
    say({ recorded: rest.length });
  } else if (command === 'record') {
    recorder?.record({ type: 'token', content: first });
  } else if (command === 'finish') {
    recorder?.finish({ ok: true });
  }
}
await coordination.close();
