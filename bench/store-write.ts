/**
 * 5. Cost of one message write, in the bench process: `LowdbStore.write([put('messages', …),
 * put('sessions', …)])` as a turn writes it (a message plus its session's update), timed one call at
 * a time on an empty store and on a store holding 100,000 messages. Also: how long `compact()`
 * takes at that size (the stall a compaction causes) and how long the store takes to open.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type MessageRecord, newId, put, type SessionRecord, toIso } from '@parley/engine';
import { LowdbStore } from '@parley/store-lowdb';
import { removeTemporaryFolder, temporaryFolder } from './processes.js';
import { rounded, type Summary, summarize } from './stats.js';

export interface StoreWriteOptions {
  writes: number;
  warmupWrites: number;
  filledMessages: number;
  filledSessions: number;
}

export interface StoreWriteResult {
  writes: number;
  /** Microseconds per write. */
  empty: Summary;
  filled: Summary;
  /** filled ÷ empty, of the mean and the percentiles. */
  ratio: { mean: number; p50: number; p99: number };
  /** CPU time of the bench process per write (user + system), in microseconds, and filled ÷ empty. */
  cpuMicrosecondsPerWrite: { empty: number; filled: number; ratio: number };
  filledMessages: number;
  filledSessions: number;
  fillSeconds: number;
  /** `compact()` at `filledMessages`: the synchronous part blocks the event loop; total includes the file write. */
  compaction: { blockingMs: number; totalMs: number; snapshotMiB: number };
  /** Opening the compacted store again (reading and indexing the snapshot), as at a restart. */
  reopenMs: number;
  heapUsedMiB: number;
}

/**
 * A full garbage collection before each measured series, so neither pays for the garbage the phase
 * before it left (the fill, the compaction, the closed store). `--expose-gc` turned on at run time.
 */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const appId = 'app_benchbenchbenchbench';
const agentId = 'agt_benchbenchbenchbench';
const ttlMilliseconds = 3_600_000;

function newSession(now: number): SessionRecord {
  return {
    id: newId('sess'),
    app_id: appId,
    user_id: null,
    metadata: {},
    status: 'active',
    message_count: 0,
    last_agent_id: null,
    created_at: toIso(now),
    updated_at: toIso(now),
    expires_at: toIso(now + ttlMilliseconds),
    ended_at: null,
    end_reason: null,
    escalated: false,
    escalated_at: null,
    escalation_reason: null,
  };
}

/** A message like the ones a turn stores: the user's, or the agent's answer with its usage. */
function newMessage(threadId: string, index: number, now: number): MessageRecord {
  const answer = index % 2 === 1;
  return {
    id: newId('msg'),
    thread_id: threadId,
    role: answer ? 'assistant' : 'user',
    content: answer ? 'Echo: Hello! What is your return policy?' : 'Hello! What is your return policy?',
    created_at: toIso(now),
    agent_id: answer ? agentId : null,
    agent_name: answer ? 'Parley Demo' : null,
    trace_id: answer ? newId('trace') : null,
    usage: answer ? { input_tokens: 28, output_tokens: 7 } : null,
    status: 'complete',
    error: null,
    citations: [],
    applied_definitions: [],
    tools_used: [],
    app_id: appId,
    author: null,
    latency_ms: answer ? 12 : null,
    feedback: null,
  };
}

function touched(session: SessionRecord, now: number, answered: boolean): SessionRecord {
  return {
    ...session,
    message_count: session.message_count + 1,
    last_agent_id: answered ? agentId : session.last_agent_id,
    updated_at: toIso(now),
    expires_at: toIso(now + ttlMilliseconds),
  };
}

/**
 * Times `count` message+session writes, one after the other, spread over `sessions` (updated in
 * place). Each sample is the latency the caller sees, from `write()` to its promise resolving.
 */
async function timeWrites(
  store: LowdbStore,
  sessions: SessionRecord[],
  count: number,
): Promise<{ samples: number[]; cpuMicroseconds: number }> {
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < count; index++) {
    const slot = index % sessions.length;
    const session = sessions[slot] as SessionRecord;
    const now = Date.now();
    const message = newMessage(session.id, session.message_count, now);
    const updated = touched(session, now, message.role === 'assistant');
    const operations = [put('messages', message), put('sessions', updated)];
    const started = performance.now();
    await store.write(operations);
    samples.push((performance.now() - started) * 1000);
    sessions[slot] = updated;
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { samples, cpuMicroseconds: cpu.user + cpu.system };
}

async function createSessions(store: LowdbStore, count: number): Promise<SessionRecord[]> {
  const sessions: SessionRecord[] = [];
  for (let index = 0; index < count; index++) {
    const session = newSession(Date.now());
    await store.write([put('sessions', session)]);
    sessions.push(session);
  }
  return sessions;
}

export async function measureStoreWrites(options: StoreWriteOptions): Promise<StoreWriteResult> {
  // Warm the write path up on a throwaway store, so neither measured store pays for the JIT.
  const warmupFolder = temporaryFolder('parley-bench-store-warmup-');
  const warmupStore = await LowdbStore.open({ directory: warmupFolder });
  await timeWrites(warmupStore, await createSessions(warmupStore, 100), options.warmupWrites);
  await warmupStore.close();
  removeTemporaryFolder(warmupFolder);

  // Empty: no messages stored before the measured writes (a few sessions to write into).
  const emptyFolder = temporaryFolder('parley-bench-store-empty-');
  const emptyStore = await LowdbStore.open({ directory: emptyFolder });
  const emptySessions = await createSessions(emptyStore, 100);
  collectGarbage();
  const emptyRun = await timeWrites(emptyStore, emptySessions, options.writes);
  await emptyStore.close();
  removeTemporaryFolder(emptyFolder);

  // Filled: `filledSessions` sessions holding `filledMessages` messages between them, written one
  // session at a time (its messages and its record in one write). Automatic compaction is kept out
  // of the fill (it is timed on its own below).
  const filledFolder = temporaryFolder('parley-bench-store-filled-');
  const fillStarted = performance.now();
  let store = await LowdbStore.open({ directory: filledFolder, compactAfterBytes: 1024 * 1024 * 1024 });
  const perSession = Math.ceil(options.filledMessages / options.filledSessions);
  const sessions: SessionRecord[] = [];
  let stored = 0;
  for (let index = 0; index < options.filledSessions && stored < options.filledMessages; index++) {
    let session = newSession(Date.now());
    const operations = [];
    for (let position = 0; position < perSession && stored < options.filledMessages; position++, stored++) {
      const now = Date.now();
      const message = newMessage(session.id, position, now);
      operations.push(put('messages', message));
      session = touched(session, now, message.role === 'assistant');
    }
    operations.push(put('sessions', session));
    await store.write(operations);
    sessions.push(session);
  }
  const fillSeconds = (performance.now() - fillStarted) / 1000;

  const compactStarted = performance.now();
  const compacting = store.compact();
  const blockingMs = performance.now() - compactStarted;
  await compacting;
  const totalMs = performance.now() - compactStarted;
  const snapshotBytes = statSync(path.join(filledFolder, 'parley.jsonl')).size;
  await store.close();

  // Reopen with the server's defaults, as a restart would, and measure the same writes.
  const reopenStarted = performance.now();
  store = await LowdbStore.open({ directory: filledFolder });
  const reopenMs = performance.now() - reopenStarted;
  const messageCount = await store.count('messages');
  if (messageCount !== options.filledMessages) {
    throw new Error(`The filled store holds ${messageCount} messages, not ${options.filledMessages}`);
  }
  collectGarbage();
  const filledRun = await timeWrites(store, sessions, options.writes);
  const heapUsedMiB = Number((process.memoryUsage().heapUsed / (1024 * 1024)).toFixed(1));
  await store.close();
  removeTemporaryFolder(filledFolder);

  const empty = summarize(emptyRun.samples);
  const filled = summarize(filledRun.samples);
  const emptyCpu = emptyRun.cpuMicroseconds / options.writes;
  const filledCpu = filledRun.cpuMicroseconds / options.writes;
  const ratio = (key: 'mean' | 'p50' | 'p99') => Number((filled[key] / empty[key]).toFixed(2));
  return {
    writes: options.writes,
    empty: rounded(empty, 1),
    filled: rounded(filled, 1),
    ratio: { mean: ratio('mean'), p50: ratio('p50'), p99: ratio('p99') },
    cpuMicrosecondsPerWrite: {
      empty: Number(emptyCpu.toFixed(1)),
      filled: Number(filledCpu.toFixed(1)),
      ratio: Number((filledCpu / emptyCpu).toFixed(2)),
    },
    filledMessages: stored,
    filledSessions: sessions.length,
    fillSeconds: Number(fillSeconds.toFixed(2)),
    compaction: {
      blockingMs: Number(blockingMs.toFixed(1)),
      totalMs: Number(totalMs.toFixed(1)),
      snapshotMiB: Number((snapshotBytes / (1024 * 1024)).toFixed(1)),
    },
    reopenMs: Number(reopenMs.toFixed(1)),
    heapUsedMiB,
  };
}
