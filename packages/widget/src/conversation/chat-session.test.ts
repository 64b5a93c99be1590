import { describe, expect, it } from 'vitest';
import { FakeTransport, MemoryStore, open, settle, shown } from '../../test-support/chat-session-fakes.js';
import type { ChatMessage } from './chat-message.js';
import type { Acknowledgement } from './protocol.js';

describe('ChatSession', () => {
  it('keeps a message typed offline as pending, then sends it once with its request id', async () => {
    const transport = new FakeTransport();
    const store = new MemoryStore();
    const { session } = open(transport, store);
    session.send('Where is my order?');
    expect(shown(session)).toEqual([['user', 'Where is my order?', 'pending']]);
    expect(store.thread.pending?.[0]).toMatchObject({ message: 'Where is my order?', sent: false });

    transport.online = true;
    await session.online();
    const execute = transport.take('execute');
    expect(execute.payload).toMatchObject({ app_id: 'app_test', message: 'Where is my order?' });
    const requestId = execute.payload.request_id as string;
    expect(requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(shown(session)).toEqual([
      ['user', 'Where is my order?', 'sent'],
      ['assistant', '', 'waiting'],
    ]);

    // The connection drops before any event: the same request goes again, never a new one.
    transport.online = false;
    transport.online = true;
    await session.online();
    const again = transport.take('execute');
    expect(again.payload.request_id).toBe(requestId);
    expect(transport.count('execute')).toBe(0);

    session.receive('start', { request_id: requestId, seq: 0, session_id: 'sess_1', trace_id: 't' });
    session.receive('token', { request_id: requestId, seq: 1, content: 'Shipped' });
    session.receive('token', { request_id: requestId, seq: 2, content: ' today.' });
    session.receive('done', { request_id: requestId, seq: 3, message_id: 'msg_1' });
    execute.answer({ ok: true });
    again.answer({ ok: true });
    await settle();
    expect(shown(session)).toEqual([
      ['user', 'Where is my order?', 'sent'],
      ['assistant', 'Shipped today.', 'done'],
    ]);
    expect(session.messages[1]?.id).toBe('msg_1');
    expect(store.thread).toEqual({ session_id: 'sess_1' });
  });

  it('drops events it has shown already (a replay after a reconnect) and sends turns one at a time', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    const { session, heard } = open(transport, new MemoryStore());
    await session.online();
    session.send('first');
    session.send('second');
    expect(transport.count('execute')).toBe(1);
    const first = transport.take('execute');
    const requestId = first.payload.request_id;
    session.receive('start', { request_id: requestId, seq: 0, session_id: 'sess_1' });
    session.receive('token', { request_id: requestId, seq: 1, content: 'One' });
    session.receive('start', { request_id: requestId, seq: 0, session_id: 'sess_1' });
    session.receive('token', { request_id: requestId, seq: 1, content: 'One' });
    session.receive('token', { request_id: requestId, seq: 2, content: ' two' });
    session.receive('done', { request_id: requestId, seq: 3 });
    const second = transport.take('execute');
    expect(second.payload).toMatchObject({ message: 'second', session_id: 'sess_1' });
    expect(session.messages.map((message) => message.content)).toEqual(['first', 'One two', 'second', '']);
    expect(heard.map((detail) => [detail.role, detail.content])).toEqual([
      ['user', 'first'],
      ['user', 'second'],
      ['assistant', 'One two'],
    ]);
  });

  it('shows an error with the user message kept, and retries as a new request', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    const { session } = open(transport, new MemoryStore());
    await session.online();
    session.send('Hi');
    const first = transport.take('execute');
    session.receive('error', {
      request_id: first.payload.request_id,
      seq: 0,
      error: { code: 'upstream_error', message: 'The model provider failed' },
    });
    expect(shown(session)).toEqual([
      ['user', 'Hi', 'sent'],
      ['assistant', '', 'error'],
    ]);
    expect(session.messages[1]?.error).toBe('The model provider failed');
    session.retry(session.messages[1] as ChatMessage);
    const second = transport.take('execute');
    expect(second.payload.message).toBe('Hi');
    expect(second.payload.request_id).not.toBe(first.payload.request_id);
    expect(shown(session)).toEqual([
      ['user', 'Hi', 'sent'],
      ['assistant', '', 'waiting'],
    ]);
  });

  it('starts a new session when the stored one expired', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    const store = new MemoryStore();
    store.thread = { session_id: 'sess_old' };
    transport.automatic.history = { ok: true, history: { messages: [] } } as Acknowledgement;
    const { session } = open(transport, store);
    await session.online();
    session.send('Still there?');
    const first = transport.take('execute');
    expect(first.payload.session_id).toBe('sess_old');
    first.answer({
      ok: false,
      error: { code: 'not_found', message: 'Session not found', details: { session_id: 'sess_old' } },
    });
    await settle();
    const second = transport.take('execute');
    expect(second.payload.session_id).toBeUndefined();
    expect(second.payload.message).toBe('Still there?');
    expect(shown(session)).toEqual([
      ['user', 'Still there?', 'sent'],
      ['assistant', '', 'waiting'],
    ]);
  });
});
