import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { put } from '@parley/engine';
import { messageRecord, sessionRecord } from '@parley/engine/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkBytes } from './line-reader.js';
import { LowdbStore } from './lowdb-store.js';
import { readLegacySnapshot } from './snapshot-file.js';
import { collectionCount, newFolder, removeFolders, snapshotLines } from './test-folders.js';

afterEach(removeFolders);

/** Opening a data folder: its lock, what a kill left behind, snapshots large, cut short or of an earlier version. */
describe('LowdbStore on disk', () => {
  it('lets only one server use a data folder at a time', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    await expect(LowdbStore.open({ directory: folder })).rejects.toThrow(/already open/);
    await store.close();
    const again = await LowdbStore.open({ directory: folder });
    await again.close();
  });

  it('takes over the lock of a process that died', async () => {
    const folder = newFolder();
    writeFileSync(path.join(folder, 'parley.lock'), '999999');
    const store = await LowdbStore.open({ directory: folder });
    await store.close();
  });
  it('a stale lock is taken over by exactly one of several servers starting at once', async () => {
    const contender = path.resolve(import.meta.dirname, '../../../test/support/lock-contender.ts');
    const rounds = 30;
    const roundFolders = Array.from({ length: rounds }, () => {
      const folder = newFolder();
      writeFileSync(path.join(folder, 'parley.lock'), '999999');
      return folder;
    });
    const startAt = Date.now() + 6_000;
    const contenders = Array.from({ length: 6 }, () =>
      spawn(process.execPath, ['--import', 'tsx', contender, String(startAt), '60', ...roundFolders], {
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    );
    // Every contender's outcome, while all of them still hold what they got (a late starter must not
    // find a folder free only because the winner already let it go).
    const outcomesOf = await Promise.all(
      contenders.map(
        (child) =>
          new Promise<string[]>((resolve, reject) => {
            let output = '';
            child.stdout?.on('data', (chunk: Buffer) => {
              output += chunk.toString();
              const lines = output.split('\n').filter(Boolean);
              if (lines.length >= rounds) resolve(lines);
            });
            child.on('error', reject);
            child.on('exit', () => reject(new Error(`a contender ended early:\n${output}`)));
          }),
      ),
    );
    await Promise.all(
      contenders.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.removeAllListeners('exit');
            child.once('exit', () => resolve());
            child.stdin?.end();
          }),
      ),
    );
    for (let round = 0; round < rounds; round += 1) {
      const outcomes = outcomesOf.map((outcome) => outcome[round] ?? 'no answer');
      expect(
        outcomes.filter((outcome) => outcome.startsWith('locked')),
        `round ${round}:\n${outcomes.join('\n')}`,
      ).toHaveLength(1);
    }
  }, 60_000);

  it('removes a snapshot temporary file left by a kill during compaction', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    await store.write([put('sessions', sessionRecord())]);
    await store.close();
    writeFileSync(path.join(folder, 'parley.json.4242.tmp'), '{"format":1,"generation":3,"coll');
    writeFileSync(path.join(folder, 'parley.jsonl.4243.tmp'), '{"format":2');
    const reopened = await LowdbStore.open({ directory: folder });
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await reopened.count('sessions')).toBe(1);
    await reopened.close();
  });
  it('loads a snapshot larger than the loader reads at a time, one record a line', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    const session = sessionRecord();
    const long = 'x'.repeat(1_000);
    await store.write([
      put('sessions', session),
      ...Array.from({ length: 6_000 }, (_, index) =>
        put('messages', messageRecord(session.id, `${index} ${long}`)),
      ),
    ]);
    await store.compact();
    await store.close();
    expect(statSync(path.join(folder, 'parley.jsonl')).size).toBeGreaterThan(chunkBytes);
    expect(snapshotLines(folder).length).toBe(6_000 + 1 + collectionCount + 2);

    const reopened = await LowdbStore.open({ directory: folder });
    expect(await reopened.count('messages', { thread_id: session.id })).toBe(6_000);
    const last = await reopened.list('messages', {
      where: { thread_id: session.id },
      limit: 1,
      order: 'desc',
    });
    expect(last.items[0]?.content).toBe(`5999 ${long}`);
    expect(await reopened.get('sessions', session.id)).toEqual(session);
    await reopened.close();
  });

  it('refuses a snapshot cut short instead of loading part of it', async () => {
    const folder = newFolder();
    const store = await LowdbStore.open({ directory: folder });
    await store.write([put('sessions', sessionRecord()), put('sessions', sessionRecord())]);
    await store.compact();
    await store.close();
    const snapshotPath = path.join(folder, 'parley.jsonl');
    const lines = readFileSync(snapshotPath, 'utf8').split('\n');
    writeFileSync(snapshotPath, `${lines.slice(0, -3).join('\n')}\n`);
    await expect(LowdbStore.open({ directory: folder })).rejects.toThrow(/cut short/);
  });

  it('loads a data folder of an earlier version (parley.json, one document) and replaces it on compaction', async () => {
    const folder = newFolder();
    const session = sessionRecord({
      metadata: { note: 'braces } { ] [ and "quotes" and \\ and \\" and ünïcødé ✓ and \n' },
    });
    const messages = Array.from({ length: 40 }, (_, index) =>
      messageRecord(session.id, `old ${index} {"not":"a record"} \\"}]`),
    );
    const legacy = { format: 1, generation: 3, collections: { sessions: [session], apps: [], messages } };
    writeFileSync(path.join(folder, 'parley.json'), JSON.stringify(legacy));
    const afterSnapshot = messageRecord(session.id, 'from the journal');
    writeFileSync(
      path.join(folder, 'journal-3.jsonl'),
      `${JSON.stringify({ operations: [put('messages', afterSnapshot)] })}\n`,
    );
    // Chunk edges anywhere (inside strings, after a backslash) change nothing.
    for (const bytesPerRead of [1, 3, 7, 64]) {
      const read: [string, unknown][] = [];
      const generation = await readLegacySnapshot(
        path.join(folder, 'parley.json'),
        (collection, record) => read.push([collection, record]),
        bytesPerRead,
      );
      expect(generation).toBe(3);
      expect(read).toEqual([['sessions', session], ...messages.map((message) => ['messages', message])]);
    }

    const store = await LowdbStore.open({ directory: folder });
    expect(await store.get('sessions', session.id)).toEqual(session);
    expect(await store.count('messages', { thread_id: session.id })).toBe(41);
    await store.compact();
    await store.close();
    expect(existsSync(path.join(folder, 'parley.json'))).toBe(false);
    expect(existsSync(path.join(folder, 'parley.jsonl'))).toBe(true);
    const reopened = await LowdbStore.open({ directory: folder });
    const all = await reopened.all('messages', { thread_id: session.id });
    expect(all.map((message) => message.content)).toEqual([
      ...messages.map((message) => message.content),
      'from the journal',
    ]);
    await reopened.close();
  });
});
