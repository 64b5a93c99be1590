/**
 * Fills a data folder for `bench/store-growth.ts`: starts Parley once on it (so
 * the demo app and its knowledge exist and the timed start does no first-start
 * work), then writes sessions of 10 messages straight through the store and
 * compacts, so the timed start loads a snapshot.
 * Usage: BENCH_FILL_FOLDER=<folder> BENCH_FILL_MESSAGES=<count> node --import tsx bench/store-growth-fill.ts
 */
import {
  type MessageRecord,
  newId,
  put,
  randomToken,
  type SessionRecord,
  toIso,
  type WriteOperation,
} from '@parley/engine';
import { readConfig, startParley } from '@parley/server';
import { LowdbStore } from '@parley/store-lowdb';

const folder = process.env.BENCH_FILL_FOLDER;
const totalMessages = Number(process.env.BENCH_FILL_MESSAGES);
if (!folder || !Number.isInteger(totalMessages))
  throw new Error('BENCH_FILL_FOLDER and BENCH_FILL_MESSAGES are needed');
const messagesPerSession = 10;
const sessionsPerWrite = 100;

function message(sessionId: string, appId: string, index: number, at: number): MessageRecord {
  const answer = index % 2 === 1;
  return {
    id: newId('msg'),
    thread_id: sessionId,
    role: answer ? 'assistant' : 'user',
    // About 40 characters, as in the measurement of the issue.
    content: answer
      ? `Returns are accepted within 30 days. #${index}`
      : `What is your return policy? #${index}`,
    created_at: toIso(at),
    agent_id: answer ? 'agt_benchgrowthagent0001' : null,
    agent_name: answer ? 'Support' : null,
    trace_id: answer ? newId('trace') : null,
    usage: answer ? { input_tokens: 120, output_tokens: 30 } : null,
    status: 'complete',
    error: null,
    citations: [],
    applied_definitions: [],
    tools_used: [],
    app_id: appId,
    author: null,
    latency_ms: answer ? 200 + ((index * 37) % 900) : null,
    feedback: null,
  };
}

const running = await startParley(
  readConfig({
    PORT: '0',
    PARLEY_DATA_DIR: folder,
    PARLEY_ADMIN_KEY: `sk_bench_${randomToken(32)}`,
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
  }),
);
const appId = running.demo.appId;
await running.stop();

const store = await LowdbStore.open({ directory: folder, compactAfterBytes: Number.MAX_SAFE_INTEGER });
const sessions = totalMessages / messagesPerSession;
const start = Date.now() - 30 * 86_400_000;
for (let first = 0; first < sessions; first += sessionsPerWrite) {
  const operations: WriteOperation[] = [];
  for (let session = first; session < Math.min(sessions, first + sessionsPerWrite); session += 1) {
    const createdAt = start + session * 1_000;
    const record: SessionRecord = {
      id: `sess_${randomToken(20)}`,
      app_id: appId,
      user_id: null,
      metadata: { channel: 'web' },
      status: 'ended',
      message_count: messagesPerSession,
      last_agent_id: null,
      created_at: toIso(createdAt),
      updated_at: toIso(createdAt),
      expires_at: toIso(createdAt + 3_600_000),
      ended_at: toIso(createdAt + 600_000),
      end_reason: 'expired',
      escalated: false,
      escalated_at: null,
      escalation_reason: null,
    };
    operations.push(put('sessions', record));
    for (let index = 0; index < messagesPerSession; index += 1)
      operations.push(put('messages', message(record.id, appId, index, createdAt + index * 5_000)));
  }
  await store.write(operations);
}
await store.compact();
await store.close();
process.stdout.write(`filled ${totalMessages} messages\n`);
