import { describe, expect, it } from 'vitest';
import { FakeTransport, MemoryStore, open, shown } from '../../test-support/chat-session-fakes.js';
import { AppSessionTarget } from './app-session-target.js';
import type { Acknowledgement } from './protocol.js';

const identity = { user_id: 'user-1', user_hash: 'ab'.repeat(32) };

describe('ChatSession with a verified user', () => {
  it('sends the user id and hash with config and every execute', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.config = undefined as unknown as Acknowledgement;
    const { session } = open(transport, new MemoryStore(), new AppSessionTarget('app_1', identity));
    const online = session.online();
    const config = transport.take('config');
    expect(config.payload).toEqual({ app_id: 'app_1', ...identity });
    config.answer({
      ok: true,
      config: { name: 'Shop', greeting: null, starter_prompts: [] },
    } as Acknowledgement);
    await online;
    session.send('Hello');
    expect(transport.take('execute').payload).toMatchObject({
      app_id: 'app_1',
      message: 'Hello',
      ...identity,
    });
  });

  it('on a device with nothing stored, continues the session the server names and shows its history', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.config = {
      ok: true,
      config: { name: 'Shop', greeting: null, starter_prompts: [], session_id: 'sess_other_device' },
    } as Acknowledgement;
    transport.automatic.history = {
      ok: true,
      history: {
        messages: [
          { id: 'msg_1', role: 'user', content: 'Where is my order?', timestamp: '2026-01-01T00:00:00Z' },
          { id: 'msg_2', role: 'assistant', content: 'On its way.', timestamp: '2026-01-01T00:00:01Z' },
        ],
      },
    } as Acknowledgement;
    const store = new MemoryStore();
    const { session } = open(transport, store, new AppSessionTarget('app_1', identity));
    await session.online();
    expect(shown(session)).toEqual([
      ['user', 'Where is my order?', 'done'],
      ['assistant', 'On its way.', 'done'],
    ]);
    expect(store.thread.session_id).toBe('sess_other_device');
    session.send('And when?');
    expect(transport.take('execute').payload).toMatchObject({ session_id: 'sess_other_device' });
  });

  it('keeps the session this device has rather than the one the server names', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.config = {
      ok: true,
      config: { name: 'Shop', greeting: null, starter_prompts: [], session_id: 'sess_elsewhere' },
    } as Acknowledgement;
    transport.automatic.history = { ok: true, history: { messages: [] } } as Acknowledgement;
    const store = new MemoryStore();
    store.thread = { session_id: 'sess_here', user_id: 'user-1' };
    const { session } = open(transport, store, new AppSessionTarget('app_1', identity));
    await session.online();
    session.send('Hi');
    expect(transport.take('execute').payload).toMatchObject({ session_id: 'sess_here' });
  });

  it('a refused config (a hash that does not verify) refuses the connection: nothing is sent', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    const refusal = {
      code: 'permission_error' as const,
      message: 'The user hash does not verify',
      details: { reason: 'identity_unverified', user_id: 'user-1' },
    };
    transport.automatic.config = { ok: false, error: refusal };
    const { session } = open(transport, new MemoryStore(), new AppSessionTarget('app_1', identity));
    await session.online();
    expect(transport.refusal).toEqual(refusal);
    session.send('Hello');
    expect(transport.count('execute')).toBe(0);
  });

  it("another user signed in on this browser: the previous user's session is not continued", async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.history = { ok: true, history: { messages: [] } } as Acknowledgement;
    const store = new MemoryStore();
    const first = open(transport, store, new AppSessionTarget('app_1', identity)).session;
    await first.online();
    first.send('Mine');
    const mine = transport.take('execute');
    first.receive('start', { request_id: mine.payload.request_id, seq: 0, session_id: 'sess_1' });
    first.receive('done', { request_id: mine.payload.request_id, seq: 1, session_id: 'sess_1' });
    mine.answer({ ok: true });
    expect(store.thread).toMatchObject({ session_id: 'sess_1', user_id: 'user-1' });

    const other = open(
      transport,
      store,
      new AppSessionTarget('app_1', { user_id: 'user-2', user_hash: 'cd'.repeat(32) }),
    );
    await other.session.online();
    other.session.send('Theirs');
    expect(transport.take('execute').payload.session_id).toBeUndefined();
    expect(transport.count('history')).toBe(0);
  });
});
