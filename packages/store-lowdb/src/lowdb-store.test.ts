import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { put, type Store } from '@parley/engine';
import { messageRecord, runStoreContract, sessionRecord } from '@parley/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbStore } from './lowdb-store.js';
import { newFolder, removeFolders, snapshotLines } from './test-folders.js';

let currentFolder = '';

runStoreContract('lowdb', {
  async open() {
    currentFolder = newFolder();
    return LowdbStore.open({ directory: currentFolder });
  },
  async reopen(store: Store) {
    await store.close();
    return LowdbStore.open({ directory: currentFolder });
  },
});

afterEach(removeFolders);

describe('LowdbStore on disk', () => {
  it('drops a last journal line cut short by a crash and keeps the rest', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    const session = sessionRecord();
    await store.write([put('sessions', session)]);
    await store.close();
    appendFileSync(path.join(folder, 'journal-0.jsonl'), '{"operations":[{"type":"put","collection":"sess');

    const reopened = await LowdbStore.open({ directory: folder });
    expect(await reopened.get('sessions', session.id)).toEqual(session);
    await reopened.write([put('messages', messageRecord(session.id, 'after the crash'))]);
    await reopened.close();
    const again = await LowdbStore.open({ directory: folder });
    expect((await again.findOne('messages', { thread_id: session.id }))?.content).toBe('after the crash');
    await again.close();
  });

  it('refuses a journal damaged in the middle instead of losing data silently', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    await store.write([put('sessions', sessionRecord())]);
    await store.write([put('sessions', sessionRecord())]);
    await store.close();
    const journal = path.join(folder, 'journal-0.jsonl');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace('"sessions"', '"sess'));
    await expect(LowdbStore.open({ directory: folder })).rejects.toThrow(/damaged/);
  });

  it('compacts into a snapshot of one record a line and loads the same state from it', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder, compactAfterBytes: 2_000 });
    const session = sessionRecord();
    await store.write([put('sessions', session)]);
    for (let index = 0; index < 50; index += 1) {
      await store.write([put('messages', messageRecord(session.id, `message ${index}`))]);
    }
    await store.close();
    const files = readdirSync(folder);
    expect(files).toContain('parley.jsonl');
    const snapshot = snapshotLines(folder);
    expect(snapshot[0]?.format).toBe(2);
    expect(snapshot[0]?.generation).toBeGreaterThan(0);
    expect(snapshot.at(-1)).toEqual({ end: true });
    expect(files.filter((name) => name.startsWith('journal-'))).toHaveLength(1);

    const reopened = await LowdbStore.open({ directory: folder });
    const page = await reopened.list('messages', {
      where: { thread_id: session.id },
      limit: 100,
      order: 'asc',
    });
    expect(page.items.map((message) => message.content)).toEqual(
      Array.from({ length: 50 }, (_, index) => `message ${index}`),
    );
    await reopened.close();
  });

  it('answers right after loading a large snapshot, while its indexes are still being built, as after', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder, compactAfterBytes: Number.MAX_SAFE_INTEGER });
    const threads = [sessionRecord(), sessionRecord(), sessionRecord()];
    await store.write(threads.map((session) => put('sessions', session)));
    const messageCount = 30_000;
    const ids: string[][] = [[], [], []];
    for (let first = 0; first < messageCount; first += 1_000) {
      const operations = [];
      for (let index = first; index < first + 1_000; index += 1) {
        const thread = index % 3;
        const message = messageRecord((threads[thread] as { id: string }).id, `message ${index}`);
        ids[thread]?.push(message.id);
        operations.push(put('messages', message));
      }
      await store.write(operations);
    }
    await store.compact();
    await store.close();

    const threadId = (thread: number) => (threads[thread] as { id: string }).id;
    /** Each question on a store just opened, before any of its records is indexed. */
    const askFresh = async <T>(question: (store: LowdbStore) => Promise<T>): Promise<T> => {
      const fresh = await LowdbStore.open({ directory: folder, deferIndexing: true });
      try {
        return await question(fresh);
      } finally {
        await fresh.close();
      }
    };
    expect(await askFresh((fresh) => fresh.count('messages', { thread_id: threadId(2) }))).toBe(10_000);
    expect((await askFresh((fresh) => fresh.get('messages', ids[2]?.at(-1) as string)))?.content).toBe(
      `message ${messageCount - 1}`,
    );
    const page = await askFresh((fresh) =>
      fresh.list('messages', {
        where: { thread_id: threadId(1) },
        limit: 3,
        cursor: ids[1]?.[9_990],
        order: 'asc',
      }),
    );
    expect(page.items.map((message) => message.id)).toEqual(ids[1]?.slice(9_991, 9_994));
    const unfiltered = await askFresh((fresh) =>
      fresh.list('messages', { limit: 2, cursor: ids[0]?.[5], order: 'desc' }),
    );
    expect(unfiltered.items.map((message) => message.content)).toEqual(['message 14', 'message 13']);
    expect((await askFresh((fresh) => fresh.findOne('messages', { thread_id: threadId(0) })))?.id).toBe(
      ids[0]?.[0],
    );
    expect(await askFresh((fresh) => fresh.count('messages'))).toBe(messageCount);

    // Writes first thing after loading: an early message moves to another thread (keeping its place in
    // creation order) and a late one is deleted; then the store indexes the rest in the background.
    const deleted = ids[1]?.at(-1) as string;
    const afterDelete = await askFresh(async (fresh) => {
      await fresh.write([{ type: 'delete', collection: 'messages', id: deleted }]);
      return fresh.get('messages', deleted);
    });
    expect(afterDelete).toBeUndefined();
    const moved = (await askFresh((fresh) => fresh.get('messages', ids[0]?.[0] as string))) as ReturnType<
      typeof messageRecord
    >;
    await askFresh((fresh) => fresh.write([put('messages', { ...moved, thread_id: threadId(2) })]));
    const reopened = await LowdbStore.open({ directory: folder, deferIndexing: true });
    reopened.indexInBackground();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const thread2 = await reopened.all('messages', { thread_id: threadId(2) });
    expect(thread2).toHaveLength(10_001);
    expect(thread2[0]?.id).toBe(moved.id);
    expect(await reopened.count('messages', { thread_id: threadId(0) })).toBe(9_999);
    expect(await reopened.count('messages', { thread_id: threadId(1) })).toBe(9_999);
    expect(await reopened.get('messages', deleted)).toBeUndefined();
    expect(await reopened.count('messages')).toBe(messageCount - 1);
    await reopened.close();
  });

  it('a snapshot holds the state as it was when compaction began; writes made meanwhile survive', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    const session = sessionRecord();
    await store.write([
      put('sessions', session),
      ...Array.from({ length: 5_000 }, (_, index) =>
        put('messages', messageRecord(session.id, `stored ${index}`)),
      ),
    ]);
    const compaction = store.compact();
    // A write while the snapshot is being built goes to the new journal, not into the snapshot.
    await store.write([put('messages', messageRecord(session.id, 'written during compaction'))]);
    await compaction;
    await store.close();

    const reopened = await LowdbStore.open({ directory: folder });
    expect(await reopened.count('messages', { thread_id: session.id })).toBe(5_001);
    const snapshot = snapshotLines(folder);
    expect(snapshot.find((line) => line.collection === 'messages')?.count).toBe(5_000);
    expect(snapshot.filter((line) => line.role === 'user')).toHaveLength(5_000);
    await reopened.close();
  });

  it('a message write appends one line instead of rewriting the stored data', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    const session = sessionRecord();
    const many = Array.from({ length: 2_000 }, (_, index) =>
      put('messages', messageRecord(session.id, `bulk ${index}`)),
    );
    await store.write(many);
    await store.compact();
    const snapshotBefore = readFileSync(path.join(folder, 'parley.jsonl'), 'utf8');
    const journal = readdirSync(folder).find((name) => name.startsWith('journal-')) as string;
    const journalBefore = readFileSync(path.join(folder, journal), 'utf8');
    await store.write([put('messages', messageRecord(session.id, 'one more'))]);
    const journalAfter = readFileSync(path.join(folder, journal), 'utf8');
    expect(readFileSync(path.join(folder, 'parley.jsonl'), 'utf8')).toBe(snapshotBefore);
    expect(journalAfter.startsWith(journalBefore)).toBe(true);
    expect(journalAfter.slice(journalBefore.length).split('\n').filter(Boolean)).toHaveLength(1);
    await store.close();
  });

  it('commits writes asked for together as one line each, in order, visible only once written', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    const session = sessionRecord();
    const messages = Array.from({ length: 50 }, (_, index) => messageRecord(session.id, `together ${index}`));
    const writes = messages.map((message) => store.write([put('messages', message)]));
    expect(await store.count('messages', { thread_id: session.id })).toBe(0);
    await Promise.all(writes);
    const lines = readFileSync(path.join(folder, 'journal-0.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(50);
    expect(lines.map((line) => JSON.parse(line).operations[0].record.content)).toEqual(
      messages.map((message) => message.content),
    );
    await store.close();
    const reopened = await LowdbStore.open({ directory: folder });
    expect(await reopened.count('messages', { thread_id: session.id })).toBe(50);
    await reopened.close();
    await expect(reopened.write([put('sessions', session)])).rejects.toThrow(/closed/);
  });

  it('warns, naming PostgreSQL, once the heap is fuller than the configured share, and says so in its health', async () => {
    const warnings: string[] = [];
    const calm = await LowdbStore.open({ directory: newFolder(), warnHeapFraction: 0.99 });
    expect(calm.health()).toMatchObject({ writable: true, warnings: [] });
    await calm.close();

    const store = await LowdbStore.open({
      directory: newFolder(),
      warnHeapFraction: 0.001,
      onWarning: (message) => warnings.push(message),
    });
    await store.write([put('sessions', sessionRecord())]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/heap is \d+% full .*PostgreSQL \(DATABASE_URL/);
    const health = store.health();
    expect(health.writable).toBe(true);
    expect(health.records).toBe(1);
    expect(health.warnings).toEqual([expect.stringMatching(/PostgreSQL/)]);
    await store.close();
  });
});
