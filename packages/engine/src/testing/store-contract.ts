/**
 * One contract suite for every `Store` implementation (lowdb now, PostgreSQL next), run by each
 * implementation's own tests: `runStoreContract('name', { open, reopen })`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page, Store } from '../store/store.js';
import { put, remove, removeWhere } from '../store/store.js';
import type { MessageRecord } from '../types.js';
import { messageRecord, sessionRecord } from './records.js';
import { addCases } from './store-contract-adds.js';
import { guardCases } from './store-contract-guards.js';
import { rangeCases } from './store-contract-ranges.js';

export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Closes `store` and opens the same data again, as a restarted server would. */
  reopen(store: Store): Promise<Store>;
  cleanup?(): Promise<void>;
}

/** The behaviour every Store implementation must have: lowdb now, PostgreSQL next. */
export function runStoreContract(name: string, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await harness.open();
    });

    afterEach(async () => {
      await store.close();
      await harness.cleanup?.();
    });

    guardCases(() => store);
    addCases(
      () => store,
      async () => {
        store = await harness.reopen(store);
        return store;
      },
    );
    rangeCases(() => store);

    it('puts, gets, replaces and deletes a record', async () => {
      const session = sessionRecord();
      await store.write([put('sessions', session)]);
      expect(await store.get('sessions', session.id)).toEqual(session);
      await store.write([put('sessions', { ...session, message_count: 2 })]);
      expect((await store.get('sessions', session.id))?.message_count).toBe(2);
      await store.write([remove('sessions', session.id)]);
      expect(await store.get('sessions', session.id)).toBeUndefined();
    });

    it('finds by an indexed field and follows a changed value', async () => {
      const session = sessionRecord({ app_id: 'app_a' });
      await store.write([put('sessions', session)]);
      expect((await store.findOne('sessions', { app_id: 'app_a' }))?.id).toBe(session.id);
      await store.write([put('sessions', { ...session, app_id: 'app_b' })]);
      expect(await store.findOne('sessions', { app_id: 'app_a' })).toBeUndefined();
      expect(await store.count('sessions', { app_id: 'app_b' })).toBe(1);
    });

    it('lists in creation order both ways, page by page, and updates keep their place', async () => {
      const messages = Array.from({ length: 7 }, (_, index) => messageRecord('sess_list', `m${index}`));
      for (const message of messages) await store.write([put('messages', message)]);
      await store.write([put('messages', { ...messages[0]!, content: 'edited' })]);
      await store.write([put('messages', messageRecord('sess_other', 'elsewhere'))]);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<MessageRecord> = await store.list('messages', {
          where: { thread_id: 'sess_list' },
          limit: 3,
          cursor,
          order: 'asc',
        });
        seen.push(...page.items.map((item) => item.content));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['edited', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);

      const newest = await store.list('messages', {
        where: { thread_id: 'sess_list' },
        limit: 2,
        order: 'desc',
      });
      expect(newest.items.map((item) => item.content)).toEqual(['m6', 'm5']);
      expect(newest.nextCursor).toBe(messages[5]!.id);
      expect(await store.count('messages', { thread_id: 'sess_list' })).toBe(7);
    });

    it('pages correctly while records before and after the cursor are deleted, both ways', async () => {
      const messages = Array.from({ length: 30 }, (_, index) => messageRecord('sess_paging', `p${index}`));
      await store.write(messages.map((message) => put('messages', message)));
      await store.write([put('messages', messageRecord('sess_paging_other', 'elsewhere'))]);
      const deleted = new Set<string>();
      for (const order of ['asc', 'desc'] as const) {
        for (const where of [{ thread_id: 'sess_paging' }, undefined]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          let round = 0;
          do {
            const page: Page<MessageRecord> = await store.list('messages', {
              where,
              limit: 4,
              cursor,
              order,
            });
            seen.push(...page.items.map((item) => item.content));
            cursor = page.nextCursor;
            round += 1;
            // Between pages: delete one record already seen (not the cursor) and one not yet seen.
            const seenRecord = page.items[0];
            const remaining = messages.filter(
              (message) => !deleted.has(message.id) && !seen.includes(message.content),
            );
            const ahead = order === 'asc' ? remaining.at(-1) : remaining[0];
            const gone = [seenRecord?.id !== cursor ? seenRecord : undefined, ahead].filter(
              (record): record is MessageRecord => record !== undefined && record.thread_id === 'sess_paging',
            );
            if (round % 2 === 0 && gone.length > 0) {
              for (const record of gone) deleted.add(record.id);
              await store.write(gone.map((record) => remove('messages', record.id)));
            }
          } while (cursor);
          const expected = messages
            .filter((message) => !deleted.has(message.id) || seen.includes(message.content))
            .map((message) => message.content);
          const expectedSeen = where ? expected : [...expected, 'elsewhere'];
          if (order === 'desc') expectedSeen.reverse();
          // Every record alive through the whole paging is seen exactly once, in order.
          expect(seen).toEqual(expectedSeen.filter((content) => seen.includes(content)));
          expect(new Set(seen).size).toBe(seen.length);
          for (const message of messages) {
            if (!deleted.has(message.id)) expect(seen).toContain(message.content);
          }
        }
      }
      expect(deleted.size).toBeGreaterThan(4);
      expect(await store.count('messages', { thread_id: 'sess_paging' })).toBe(30 - deleted.size);
    });

    it('lists by an indexed field in creation order even when the field changed later', async () => {
      const sessions = Array.from({ length: 5 }, () => sessionRecord({ app_id: 'app_order' }));
      await store.write(sessions.map((session) => put('sessions', session)));
      // They end in the opposite order to the one they were created in.
      for (const session of [...sessions].reverse())
        await store.write([put('sessions', { ...session, status: 'ended' })]);
      const ended = await store.list('sessions', { where: { status: 'ended' }, limit: 10, order: 'asc' });
      expect(ended.items.map((session) => session.id)).toEqual(sessions.map((session) => session.id));
      const all = await store.all('sessions', { app_id: 'app_order', status: 'ended' });
      expect(all.map((session) => session.id)).toEqual(sessions.map((session) => session.id));
      const firstPage = await store.list('sessions', { where: { status: 'ended' }, limit: 2, order: 'desc' });
      const secondPage = await store.list('sessions', {
        where: { status: 'ended' },
        limit: 2,
        cursor: firstPage.nextCursor,
        order: 'desc',
      });
      expect([...firstPage.items, ...secondPage.items].map((session) => session.id)).toEqual(
        sessions
          .map((session) => session.id)
          .reverse()
          .slice(0, 4),
      );
    });

    it('refuses a cursor that is not a record of the collection', async () => {
      await store.write([put('messages', messageRecord('sess_cursor', 'one'))]);
      await expect(
        store.list('messages', {
          where: { thread_id: 'sess_cursor' },
          limit: 1,
          cursor: 'msg_unknown',
          order: 'asc',
        }),
      ).rejects.toThrow(/cursor/);
    });

    it('answers an exact last page with no cursor', async () => {
      for (let index = 0; index < 4; index += 1)
        await store.write([put('messages', messageRecord('sess_exact', `${index}`))]);
      const page = await store.list('messages', {
        where: { thread_id: 'sess_exact' },
        limit: 4,
        order: 'asc',
      });
      expect(page.items).toHaveLength(4);
      expect(page.nextCursor).toBeNull();
    });

    it('applies a batch with deleteWhere as one change', async () => {
      const session = sessionRecord();
      await store.write([put('sessions', session)]);
      await store.write([
        put('messages', messageRecord(session.id, 'a')),
        put('messages', messageRecord(session.id, 'b')),
      ]);
      await store.write([removeWhere('messages', { thread_id: session.id }), remove('sessions', session.id)]);
      expect(await store.count('messages', { thread_id: session.id })).toBe(0);
      expect(await store.get('sessions', session.id)).toBeUndefined();
    });

    it('keeps everything across a restart', async () => {
      const session = sessionRecord();
      const message = messageRecord(session.id, 'kept');
      await store.write([put('sessions', session), put('messages', message)]);
      await store.write([put('sessions', { ...session, message_count: 1 })]);
      store = await harness.reopen(store);
      expect((await store.get('sessions', session.id))?.message_count).toBe(1);
      expect((await store.findOne('messages', { thread_id: session.id }))?.content).toBe('kept');
    });

    it('hands out records that cannot be changed behind its back', async () => {
      const session = sessionRecord();
      await store.write([put('sessions', session)]);
      const stored = await store.get('sessions', session.id);
      expect(() => {
        (stored as { message_count: number }).message_count = 99;
      }).toThrow();
      expect((await store.get('sessions', session.id))?.message_count).toBe(0);
    });

    it('stores text holding U+0000 (in an id, a value and a key) and finds it by that id; a missing one is just missing', async () => {
      // Anything a client sends can hold it (a path's %00, a message, a metadata key). PostgreSQL's
      // text cannot, so that store keeps U+FFFD in its place: the text reads back either way.
      const session = sessionRecord({
        id: 'sess_nul\u0000id',
        user_id: 'user\u0000one',
        metadata: { 'key\u0000': 'value\u0000' },
      });
      await store.write([put('sessions', session)]);
      const stored = await store.get('sessions', session.id);
      const asWritten = (record: unknown) =>
        JSON.parse(JSON.stringify(record).replaceAll('\ufffd', '\\u0000'));
      expect(asWritten(stored)).toEqual(session);
      expect((await store.findOne('sessions', { user_id: 'user\u0000one' }))?.metadata).toBeDefined();
      expect(await store.get('sessions', 'sess_missing\u0000')).toBeUndefined();
      expect(await store.count('sessions', { app_id: 'app\u0000' })).toBe(0);
      await store.write([put('messages', messageRecord(session.id, 'said \u0000 once'))]);
      const page = await store.list('messages', { where: { thread_id: session.id }, limit: 5, order: 'asc' });
      expect(page.items.map((message) => message.content.replace('\ufffd', '\u0000'))).toEqual([
        'said \u0000 once',
      ]);
      await store.write([remove('sessions', session.id)]);
      expect(await store.get('sessions', session.id)).toBeUndefined();
    });

    it('stores text holding a lone surrogate (a JSON body can carry "\\ud800"); a pair stays whole', async () => {
      // PostgreSQL's jsonb refuses a lone surrogate, so that store keeps U+FFFD in its place.
      const session = sessionRecord({
        id: 'sess_lone\ud800',
        metadata: { 'key\udc00': 'pair 😀 lone \ud800' },
      });
      await store.write([
        put('sessions', session),
        put('messages', messageRecord(session.id, 'lone \udfff')),
      ]);
      const stored = await store.get('sessions', session.id);
      expect([session.metadata, { 'key\ufffd': 'pair 😀 lone \ufffd' }]).toContainEqual(stored?.metadata);
      const page = await store.list('messages', { where: { thread_id: session.id }, limit: 5, order: 'asc' });
      expect(['lone \udfff', 'lone \ufffd']).toContain(page.items[0]?.content);
      await store.write([remove('sessions', session.id)]);
    });
  });
}
