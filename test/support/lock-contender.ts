/**
 * A separate process that tries to open each of several data folders at agreed
 * moments (folder k at start + k × interval) and prints, one line a folder,
 * whether it got it (`locked <pid>`, kept until its stdin closes) or not (`refused …`).
 * Usage: tsx test/support/lock-contender.ts <start at, ms since epoch> <interval ms> <folder>...
 */
import { LowdbStore } from '@parley/store-lowdb';

const [startAt, intervalMs, ...folders] = process.argv.slice(2);
if (!startAt || !intervalMs || folders.length === 0)
  throw new Error('usage: lock-contender <start at> <interval ms> <folder>...');
const held: LowdbStore[] = [];
const outcomes: string[] = [];
for (const [round, folder] of folders.entries()) {
  const at = Number(startAt) + round * Number(intervalMs);
  while (Date.now() < at) {
    // Spin, so every contender tries within the same millisecond or so.
  }
  try {
    held.push(await LowdbStore.open({ directory: folder }));
    outcomes.push(`locked ${process.pid}`);
  } catch (error) {
    outcomes.push(`refused ${(error as Error).message}`);
  }
}
process.stdout.write(`${outcomes.join('\n')}\n`);
// Keep what it got until the test has every contender's outcomes (it then closes our stdin).
process.stdin.resume();
await new Promise((resolve) => process.stdin.once('end', resolve));
for (const store of held) await store.close();
