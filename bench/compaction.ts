/**
 * Compaction of the embedded store at 100,000 messages: how long it takes and the
 * longest the event loop waited meanwhile (the stall a request would feel).
 * Standalone: `pnpm bench:compaction`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { put } from '@parley/engine';
import { messageRecord, sessionRecord } from '@parley/engine/testing';
import { LowdbStore } from '@parley/store-lowdb';

const messageCount = Number(process.env.BENCH_COMPACTION_MESSAGES ?? 100_000);
const runs = 3;

const folder = mkdtempSync(path.join(tmpdir(), 'parley-bench-compaction-'));
try {
  const store = await LowdbStore.open({ directory: folder, compactAfterBytes: Number.MAX_SAFE_INTEGER });
  const session = sessionRecord();
  await store.write([put('sessions', session)]);
  for (let start = 0; start < messageCount; start += 1_000) {
    await store.write(
      Array.from({ length: 1_000 }, (_, index) =>
        put(
          'messages',
          messageRecord(session.id, `A stored message number ${start + index}, of ordinary length.`),
        ),
      ),
    );
  }
  for (let run = 1; run <= runs; run += 1) {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const started = performance.now();
    await store.compact();
    const tookMs = performance.now() - started;
    delay.disable();
    console.log(
      `run ${run}: ${messageCount.toLocaleString('en-US')} messages compacted in ${tookMs.toFixed(0)} ms; ` +
        `longest event-loop wait ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`,
    );
  }
  await store.close();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
