import { describe, expect, it } from 'vitest';
import type { Principal } from '../principal.js';
import { put } from '../store/store.js';
import { createTestApp, createTestEngine, messageRecord, sessionRecord } from '../testing/index.js';
import type { SessionRecord } from '../types.js';
import { inboxSearchReadBudget } from './inbox.js';

const admin: Principal = {
  kind: 'secret',
  id: 'key_admin',
  plan: 'enterprise',
  rateLimit: { per_minute: 1, per_day: 1 },
};

/** Sessions stored before this process started (the index reads their details only when needed). */
async function storedEarlier(count: number) {
  const test = createTestEngine();
  const writes = [];
  for (let index = 0; index < count; index++) {
    const minute = String(index % 60).padStart(2, '0');
    const hour = String(10 + Math.floor(index / 60)).padStart(2, '0');
    const session = sessionRecord({
      updated_at: `2026-01-15T${hour}:${minute}:00Z`,
      expires_at: '2026-01-16T00:00:00Z',
      metadata: { userProfile: { name: `Visitor ${index}` } },
    });
    writes.push(
      put('sessions', session),
      put('messages', messageRecord(session.id, `question number ${index}`)),
    );
  }
  await test.store.write(writes);
  return test;
}

describe('the inbox', () => {
  it('lists newest activity first and moves a session up when it is written', async () => {
    const { engine, clock } = createTestEngine();
    const { appId } = await createTestApp(engine);
    const first = await engine.sessions.create(appId, {});
    clock.advance(1_000);
    const second = await engine.sessions.create(appId, {});
    const order = async () =>
      (await engine.inbox.list(admin, { limit: 10, status: 'all' })).data.map((item) => item.session_id);
    expect(await order()).toEqual([second.session_id, first.session_id]);
    clock.advance(1_000);
    await engine.inbox.assign(appId, first.session_id, admin, 'Ana');
    expect(await order()).toEqual([first.session_id, second.session_id]);
  });

  it('orders by the latest write even within one second, and pages through without loss or repeat', async () => {
    const { engine } = createTestEngine();
    const { appId } = await createTestApp(engine);
    const created = [];
    for (let index = 0; index < 5; index++)
      created.push((await engine.sessions.create(appId, {})).session_id);
    await engine.inbox.assign(appId, created[1] as string, admin, 'Ana');
    const first = await engine.inbox.list(admin, { limit: 3, status: 'all' });
    const rest = await engine.inbox.list(admin, { limit: 3, status: 'all', cursor: first.next_cursor });
    expect([...first.data, ...rest.data].map((item) => item.session_id)).toEqual([
      created[1],
      created[4],
      created[3],
      created[2],
      created[0],
    ]);
    expect(rest.has_more).toBe(false);
  });

  it('pages through many sessions of one second, stored and written here, without loss or repeat', async () => {
    const test = createTestEngine();
    const { appId } = await createTestApp(test.engine);
    const sameSecond = Array.from({ length: 250 }, () =>
      sessionRecord({
        app_id: appId,
        updated_at: '2026-01-15T10:00:00Z',
        expires_at: '2026-01-16T00:00:00Z',
      }),
    );
    await test.store.write(sameSecond.map((session) => put('sessions', session)));
    // Written here within that second, latest first: before the others of the second.
    const [first, second] = sameSecond.slice(100, 102) as [SessionRecord, SessionRecord];
    await test.engine.context.store.write([put('sessions', first)]);
    await test.engine.context.store.write([put('sessions', second)]);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const next = await test.engine.inbox.list(admin, { limit: 20, status: 'all', cursor });
      seen.push(...next.data.map((item) => item.session_id));
      cursor = next.next_cursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(250);
    expect(seen.slice(0, 2)).toEqual([second.id, first.id]);
    const rest = sameSecond.filter((session) => session !== first && session !== second);
    expect(seen.slice(2)).toEqual(
      rest
        .map((session) => session.id)
        .sort()
        .reverse(),
    );
  });

  it('says where each conversation comes from, by who opened it', async () => {
    const { engine } = createTestEngine();
    const { appId } = await createTestApp(engine);
    const widgetKey = await engine.keys.create({
      name: 'site',
      kind: 'publishable',
      app_id: appId,
      allowed_origins: ['*'],
    });
    const widget = await engine.authenticate(widgetKey.secret);
    const openers = { slack: 'channel:slack', teams: 'channel:msteams', widget, api: admin } as const;
    const made = new Map<string, string>();
    for (const [channel, opener] of Object.entries(openers))
      made.set((await engine.sessions.create(appId, {}, opener)).session_id, channel);
    const { data } = await engine.inbox.list(admin, { limit: 10, status: 'all' });
    for (const item of data) expect(item.channel).toBe(made.get(item.session_id));
    expect(
      (await engine.inbox.list(admin, { limit: 10, status: 'all', channel: 'teams' })).data,
    ).toHaveLength(1);
  });

  it('a search reads a bounded number of sessions per page and goes on from its cursor', async () => {
    const test = await storedEarlier(inboxSearchReadBudget + 50);
    const first = await test.engine.inbox.list(admin, { limit: 20, status: 'all', q: 'number 3' });
    // "number 3", "number 30".."number 39", "number 300".. exist, the oldest (lowest) last.
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).not.toBeNull();
    const found = [...first.data];
    let cursor = first.next_cursor;
    let pages = 1;
    while (cursor && pages < 10) {
      const next = await test.engine.inbox.list(admin, { limit: 20, status: 'all', q: 'number 3', cursor });
      found.push(...next.data);
      cursor = next.next_cursor;
      pages++;
    }
    const names = found.map((item) => item.visitor.name);
    expect(names).toContain('Visitor 3');
    expect(names).toContain('Visitor 39');
    expect(new Set(names).size).toBe(names.length);
    expect(found.every((item) => item.last_message?.content.includes('number 3'))).toBe(true);
  });

  it('stops a search that finds nothing after its read budget, with a cursor to go on', async () => {
    const test = await storedEarlier(inboxSearchReadBudget + 50);
    const first = await test.engine.inbox.list(admin, { limit: 20, status: 'all', q: 'no such words' });
    expect(first).toMatchObject({ data: [], has_more: true });
    const rest = await test.engine.inbox.list(admin, {
      limit: 20,
      status: 'all',
      q: 'no such words',
      cursor: first.next_cursor,
    });
    expect(rest).toEqual({ data: [], has_more: false, next_cursor: null });
  });

  it('refuses a cursor it did not make', async () => {
    const { engine } = createTestEngine();
    await expect(
      engine.inbox.list(admin, { limit: 5, status: 'all', cursor: 'bm90IGEgY3Vyc29y' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it("lists agents' conversations stored before it started beside sessions, but in no app's list", async () => {
    const { engine, store } = createTestEngine();
    const { appId } = await createTestApp(engine);
    const session = await engine.sessions.create(appId, {});
    const base = {
      agent_id: 'agt_1',
      created_by: 'shr_1',
      message_count: 1,
      created_at: '2026-01-15T10:00:00Z',
    };
    await store.write([
      put('conversations', {
        ...base,
        id: 'conv_waits',
        updated_at: '2026-01-15T10:05:00Z',
        escalated: true,
      }),
      put('conversations', { ...base, id: 'conv_older', updated_at: '2026-01-15T09:00:00Z' }),
      put('messages', messageRecord('conv_waits', 'agent please')),
    ]);

    const all = await engine.inbox.list(admin, { limit: 10, status: 'all' });
    expect(all.data.map((item) => item.session_id)).toEqual([session.session_id, 'conv_waits', 'conv_older']);
    expect(all.data[1]).toMatchObject({
      app_id: null,
      agent_id: 'agt_1',
      conversation_id: 'conv_waits',
      channel: 'share',
      status: 'active',
      last_message: { content: 'agent please' },
    });
    const waiting = await engine.inbox.list(admin, { limit: 10, status: 'needs_person' });
    expect(waiting.data.map((item) => item.session_id)).toEqual(['conv_waits']);
    const ofApp = await engine.inbox.list(admin, { limit: 10, status: 'all', app_id: appId });
    expect(ofApp.data.map((item) => item.session_id)).toEqual([session.session_id]);
    const paged = await engine.inbox.list(admin, { limit: 2, status: 'all' });
    const next = await engine.inbox.list(admin, { limit: 2, status: 'all', cursor: paged.next_cursor });
    expect(next.data.map((item) => item.session_id)).toEqual(['conv_older']);
  });
});
