/**
 * Retention: ended sessions and agent conversations are deleted with their messages
 * (and channel links) once older than the configured days, never by default, and the
 * analytics still count what was deleted.
 */
import { type Engine, newId, put } from '@parley/engine';
import { writeRecordsThrough } from '@parley/engine/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineOnDisk, SteppingClock, secretPrincipal, storeOf } from './support/engine-on-disk.js';
import { startParleyHarness } from './support/parley-harness.js';
import { SmallDisk } from './support/small-disk.js';

const hour = 3_600_000;
const day = 24 * hour;

async function newApp(engine: Engine, ttlSeconds: number) {
  const agent = await engine.agents.create({ name: 'Support' } as never);
  const app = await engine.apps.create({
    name: 'Shop',
    agents: [agent.id],
    session_ttl_seconds: ttlSeconds,
  } as never);
  return { appId: app.id as string, agentId: agent.id as string };
}

async function threadExists(engine: Engine, threadId: string) {
  const store = storeOf(engine);
  return {
    record: (await store.get('sessions', threadId)) ?? (await store.get('conversations', threadId)) ?? null,
    messages: (await store.all('messages', { thread_id: threadId })).length,
  };
}

describe('retention of ended sessions and conversations', () => {
  const disks: EngineOnDisk[] = [];
  afterEach(async () => {
    for (const disk of disks.splice(0)) await disk.remove();
  });

  it('deletes ended sessions with their messages and links, and old conversations, once past their days', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const begin = Date.UTC(2024, 5, 1, 12, 0, 0);
    const clock = new SteppingClock(begin, 0);
    let engine = await disk.open(clock, { sessionDays: 1, conversationDays: 2 });
    await engine.analyticsReady();
    const { appId, agentId } = await newApp(engine, 30 * 24 * 3600);

    const ended = (
      await engine.execute(appId, {
        message: 'Where is my order?',
        metadata: { userProfile: { name: 'Ann' } },
      })
    ).session_id;
    expect(await storeOf(engine).get('session_metadata', ended)).toBeDefined();
    const answer = (await storeOf(engine).all('messages', { thread_id: ended })).find(
      (message) => message.role === 'assistant',
    );
    await engine.sessions.rate(appId, ended, answer?.id as string, { rating: 'down' });
    await writeRecordsThrough(engine, [
      put('channel_links', {
        id: newId('chl'),
        channel: 'slack',
        app_id: appId,
        conversation_key: 'T1:C1:1700000000.000100',
        session_id: ended,
        address: { channel: 'C1' },
        created_at: new Date(begin).toISOString(),
        updated_at: new Date(begin).toISOString(),
      }),
    ]);
    await engine.sessions.end(appId, ended);
    const active = (await engine.execute(appId, { message: 'And returns?' })).session_id;
    const conversation = (
      (await engine.agents.chat(agentId, { message: 'Hello' } as never, secretPrincipal)) as {
        conversation_id: string;
      }
    ).conversation_id;
    const window = { from: new Date(begin - day).toISOString(), interval: 'day' as const };
    const before = await engine.analytics(appId, window);
    expect(before.totals).toMatchObject({ sessions: 2, messages: 4, feedback_down: 1 });

    clock.advance(23 * hour);
    expect(await engine.pruneHistory()).toEqual({ sessions: 0, conversations: 0 });
    expect((await threadExists(engine, ended)).messages).toBe(2);

    clock.advance(2 * hour);
    expect(await engine.pruneHistory()).toEqual({ sessions: 1, conversations: 0 });
    expect(await threadExists(engine, ended)).toEqual({ record: null, messages: 0 });
    expect(await storeOf(engine).all('channel_links', { session_id: ended })).toEqual([]);
    expect(await storeOf(engine).get('session_metadata', ended)).toBeUndefined();
    expect((await threadExists(engine, active)).messages).toBe(2);
    expect((await threadExists(engine, conversation)).messages).toBe(2);
    // The report still covers what was deleted.
    expect((await engine.analytics(appId, { ...window, to: before.to })).totals).toEqual(before.totals);

    // A conversation continued is kept two days from its last message; known again after a restart.
    await engine.agents.chat(
      agentId,
      { message: 'Still there?', conversation_id: conversation } as never,
      secretPrincipal,
    );
    await disk.close();
    engine = await disk.open(clock, { sessionDays: 1, conversationDays: 2 });
    clock.advance(47 * hour);
    expect(await engine.pruneHistory()).toEqual({ sessions: 0, conversations: 0 });
    clock.advance(2 * hour);
    expect(await engine.pruneHistory()).toEqual({ sessions: 0, conversations: 1 });
    expect(await threadExists(engine, conversation)).toEqual({ record: null, messages: 0 });
    expect((await threadExists(engine, active)).record).not.toBeNull();
  });

  it('a pass whose write fails (the disk is full) loses nothing: the next pass deletes it all', async () => {
    const smallDisk = new SmallDisk();
    const disk = new EngineOnDisk(smallDisk.folder);
    try {
      const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
      const retention = { sessionDays: 1, conversationDays: 2 };
      const engine = await disk.open(clock, retention);
      await engine.analyticsReady();
      const { appId, agentId } = await newApp(engine, 3600);
      const sessions: string[] = [];
      const conversations: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const sessionId = (await engine.execute(appId, { message: `Hi ${index}` })).session_id;
        await engine.sessions.end(appId, sessionId);
        sessions.push(sessionId);
        const chat = (await engine.agents.chat(agentId, { message: 'Hello' } as never, secretPrincipal)) as {
          conversation_id: string;
        };
        conversations.push(chat.conversation_id);
      }
      clock.advance(1.5 * day);
      await smallDisk.fillUnder(storeOf(engine));
      await expect(engine.pruneHistory()).rejects.toThrow();
      smallDisk.free();
      expect(await engine.pruneHistory()).toEqual({ sessions: 3, conversations: 0 });

      clock.advance(day);
      await smallDisk.fillUnder(storeOf(engine));
      await expect(engine.pruneHistory()).rejects.toThrow();
      smallDisk.free();
      expect(await engine.pruneHistory()).toEqual({ sessions: 0, conversations: 3 });
      for (const threadId of [...sessions, ...conversations])
        expect(await threadExists(engine, threadId)).toEqual({ record: null, messages: 0 });
    } finally {
      await disk.close();
      smallDisk.remove();
    }
  });

  it('keeps everything when no retention is configured', async () => {
    const disk = new EngineOnDisk();
    disks.push(disk);
    const clock = new SteppingClock(Date.UTC(2024, 5, 1, 12, 0, 0), 0);
    const engine = await disk.open(clock);
    const { appId } = await newApp(engine, 3600);
    const sessionId = (await engine.execute(appId, { message: 'Hi' })).session_id;
    await engine.sessions.end(appId, sessionId);
    clock.advance(400 * day);
    expect(await engine.pruneHistory()).toEqual({ sessions: 0, conversations: 0 });
    expect((await threadExists(engine, sessionId)).messages).toBe(2);
  });

  it('is set with PARLEY_SESSION_RETENTION_DAYS and runs with the sweeper, without any request', async () => {
    const parley = await startParleyHarness({
      model: 'offline',
      environment: { PARLEY_SESSION_RETENTION_DAYS: '2', PARLEY_SWEEP_INTERVAL_MS: '50' },
    });
    try {
      const appId = parley.running.demo.appId;
      const executed = await parley.request('POST', `/v1/apps/${appId}/execute`, { message: 'Hello' });
      const sessionId = ((await executed.json()) as { session_id: string }).session_id;
      await parley.request('DELETE', `/v1/apps/${appId}/sessions/${sessionId}`);
      const store = parley.running.store;
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 47 * hour);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await store.get('sessions', sessionId)).toBeDefined();
        vi.setSystemTime(Date.now() + 2 * hour);
        await vi.waitFor(async () => expect(await store.get('sessions', sessionId)).toBeUndefined(), {
          timeout: 5_000,
        });
      } finally {
        vi.useRealTimers();
      }
      expect(await store.all('messages', { thread_id: sessionId })).toEqual([]);
    } finally {
      await parley.stop();
    }
  });
});
