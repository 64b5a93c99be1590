import { put } from '@parley/engine';
import { writeRecordsThrough } from '@parley/engine/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

type Json = Record<string, unknown>;

/** A session's metadata is bounded, and a turn that changes none of it does not write it again. */
describe('session metadata over many turns', () => {
  let parley: ParleyHarness;
  let appId: string;
  /** Every batch the server writes to its store, as JSON text: the same on either store. */
  let written = '';

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    const store = parley.running.store;
    const write = store.write.bind(store);
    store.write = (operations) => {
      written += JSON.stringify(operations);
      return write(operations);
    };
    appId = parley.running.demo.appId;
  });
  afterAll(async () => {
    await parley.stop();
  });

  async function call(method: string, pathname: string, body?: unknown) {
    const response = await parley.request(method, pathname, body);
    return { status: response.status, body: (await response.json()) as Json };
  }

  const execute = (sessionId: string, message: string, metadata?: Json) =>
    call('POST', `/v1/apps/${appId}/execute`, {
      message,
      session_id: sessionId,
      ...(metadata ? { metadata } : {}),
    });

  async function newSession() {
    return (await call('POST', `/v1/apps/${appId}/sessions`, {})).body.session_id as string;
  }

  async function messagesOf(sessionId: string) {
    const history = await call('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    return history.body.messages as Json[];
  }

  it('refuses, with a clear 400 naming metadata and before anything is written, a turn that would grow it past 64 KiB', async () => {
    const sessionId = await newSession();
    const outcomes: number[] = [];
    let refusal: Json | undefined;
    let messagesAtRefusal = 0;
    for (let turn = 0; turn < 100; turn += 1) {
      // Each turn adds 16 KiB under a new key: within the per-request limit, but it adds up.
      const answer = await execute(sessionId, `Turn ${turn}`, { [`note_${turn}`]: 'x'.repeat(16_000) });
      outcomes.push(answer.status);
      if (answer.status !== 200 && !refusal) {
        refusal = answer.body;
        messagesAtRefusal = (await messagesOf(sessionId)).length;
      }
    }
    const accepted = outcomes.filter((status) => status === 200).length;
    expect(accepted).toBeGreaterThanOrEqual(3);
    expect(accepted).toBeLessThanOrEqual(4);
    expect(outcomes.slice(accepted).every((status) => status === 400)).toBe(true);
    expect(refusal).toMatchObject({
      error: {
        code: 'invalid_request',
        message: expect.stringMatching(/metadata/),
        details: { field: 'metadata', limit_bytes: 65_536 },
      },
    });

    // A refused turn stored nothing: neither its message nor its metadata.
    const messages = await messagesOf(sessionId);
    expect(messages).toHaveLength(messagesAtRefusal);
    expect(messages).toHaveLength(accepted * 2);
    // The session goes on: without new metadata, or changing a key it has (no growth).
    expect((await execute(sessionId, 'Still there?')).status).toBe(200);
    expect((await execute(sessionId, 'Shorter note', { note_0: 'short now' })).status).toBe(200);
    expect((await execute(sessionId, 'Room again', { note_new: 'x'.repeat(10_000) })).status).toBe(200);
  });

  it('keeps the metadata of a session stored inside it (before it had its own record), moving it on the first turn', async () => {
    const sessionId = await newSession();
    const store = parley.running.store;
    const record = await store.get('sessions', sessionId);
    if (!record) throw new Error('the session should exist');
    await writeRecordsThrough(parley.running.engine, [
      put('sessions', { ...record, metadata: { userProfile: { name: 'Old' }, channel: 'web' } }),
    ]);
    expect((await execute(sessionId, 'Hello again', { userProfile: { tier: 'gold' } })).status).toBe(200);
    expect((await store.get('sessions', sessionId))?.metadata).toBeUndefined();
    expect((await store.get('session_metadata', sessionId))?.metadata).toEqual({
      userProfile: { name: 'Old', tier: 'gold' },
      channel: 'web',
    });

    // One that grew past the limit before there was one goes on with the metadata it is sent every
    // turn (unchanged, or smaller), and is refused only what would grow it further.
    const grown = await newSession();
    const oversized = { channel: 'web', notes: 'n'.repeat(70_000) };
    const grownRecord = await store.get('sessions', grown);
    if (!grownRecord) throw new Error('the session should exist');
    await writeRecordsThrough(parley.running.engine, [
      put('sessions', { ...grownRecord, metadata: oversized }),
    ]);
    expect((await execute(grown, 'Same as always', { channel: 'web' })).status).toBe(200);
    expect((await execute(grown, 'More', { more: 'm' })).status).toBe(400);
    expect((await execute(grown, 'Less', { notes: 'short' })).status).toBe(200);
    expect((await store.get('session_metadata', grown))?.metadata).toEqual({
      channel: 'web',
      notes: 'short',
    });
  });

  it("deletes a session's metadata with its app", async () => {
    const agent = await call('POST', '/v1/agents', { name: 'Short-lived', system_prompt: 'Help.' });
    const app = await call('POST', '/v1/apps', { name: 'Short-lived shop', agents: [agent.body.id] });
    const opened = await call('POST', `/v1/apps/${app.body.id}/execute`, {
      message: 'Hi',
      metadata: { userProfile: { name: 'Gone soon' } },
    });
    const sessionId = opened.body.session_id as string;
    const store = parley.running.store;
    expect((await store.get('session_metadata', sessionId))?.metadata).toEqual({
      userProfile: { name: 'Gone soon' },
    });
    expect((await call('DELETE', `/v1/apps/${app.body.id}`)).status).toBe(200);
    expect(await store.get('session_metadata', sessionId)).toBeUndefined();
  });

  it('does not write the metadata again on a turn that leaves it unchanged, and the session once per turn', async () => {
    const sessionId = await newSession();
    const profile = { userProfile: { name: 'Ann', bio: 'y'.repeat(15_000) } };
    for (let turn = 0; turn < 3; turn += 1) {
      expect(
        (await execute(sessionId, `Grow ${turn}`, { [`part_${turn}`]: 'z'.repeat(15_000) })).status,
      ).toBe(200);
    }
    expect((await execute(sessionId, 'Who am I?', profile)).status).toBe(200);
    const metadataBytes = 4 * 15_000;

    for (const metadata of [undefined, profile]) {
      // The same metadata sent again (as the widget and Slack do every turn) changes nothing.
      const textBefore = written.length;
      const turns = 5;
      for (let turn = 0; turn < turns; turn += 1) {
        expect((await execute(sessionId, `Plain turn ${turn}`, metadata)).status).toBe(200);
      }
      const turnsWrote = written.slice(textBefore);
      expect(turnsWrote.length / turns).toBeLessThan(metadataBytes / 10);
      const sessionWrites = turnsWrote.split('"type":"put","collection":"sessions"').length - 1;
      expect(sessionWrites).toBe(turns);
    }
  });
});
