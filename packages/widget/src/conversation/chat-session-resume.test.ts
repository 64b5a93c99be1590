import { describe, expect, it, vi } from 'vitest';
import { FakeTransport, MemoryStore, open, settle, shown } from '../../test-support/chat-session-fakes.js';
import type { Acknowledgement } from './protocol.js';

describe('ChatSession resumes', () => {
  it('after a reload, shows what was answered so far and resumes after the last event', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    const store = new MemoryStore();
    const before = open(transport, store).session;
    await before.online();
    before.send('Tell me a story');
    const requestId = transport.take('execute').payload.request_id;
    before.receive('start', { request_id: requestId, seq: 0, session_id: 'sess_1' });
    before.receive('token', { request_id: requestId, seq: 1, content: 'Once upon' });
    // The page unloads (`pagehide`): the tokens saved in a group are written now.
    before.flush();

    const { session: after } = open(transport, store);
    expect(shown(after)).toEqual([
      ['user', 'Tell me a story', 'sent'],
      ['assistant', 'Once upon', 'streaming'],
    ]);
    const online = after.online();
    const history = transport.take('history');
    history.answer({
      ok: true,
      history: { messages: [{ id: 'msg_u', role: 'user', content: 'Tell me a story' }] },
    } as Acknowledgement);
    await settle();
    const resume = transport.take('resume');
    expect(resume.payload).toEqual({ request_id: requestId, from_seq: 2 });
    resume.answer({ ok: true, state: 'live' } as Acknowledgement);
    await online;
    after.receive('token', { request_id: requestId, seq: 2, content: ' a time.' });
    after.receive('done', { request_id: requestId, seq: 3, message_id: 'msg_a' });
    expect(shown(after)).toEqual([
      ['user', 'Tell me a story', 'sent'],
      ['assistant', 'Once upon a time.', 'done'],
    ]);
    expect(transport.count('execute')).toBe(0);
  });

  it('saves streamed tokens in groups, each with its seq; a reload from one resumes there', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    const store = new MemoryStore();
    const before = open(transport, store).session;
    await before.online();
    before.send('Count');
    const requestId = transport.take('execute').payload.request_id;
    vi.useFakeTimers();
    try {
      before.receive('start', { request_id: requestId, seq: 0, session_id: 'sess_1' });
      expect(store.thread.pending?.[0]).toMatchObject({ seq: 0, sent: true });
      before.receive('token', { request_id: requestId, seq: 1, content: 'One' });
      before.receive('token', { request_id: requestId, seq: 2, content: ' two' });
      expect(store.thread.pending?.[0]?.seq).toBe(0);
      expect(store.thread.pending?.[0]?.answer).toBeUndefined();
      vi.advanceTimersByTime(300);
      expect(store.thread.pending?.[0]).toMatchObject({ seq: 2, answer: 'One two' });
      before.receive('token', { request_id: requestId, seq: 3, content: ' three' });
      expect(store.thread.pending?.[0]).toMatchObject({ seq: 2, answer: 'One two' });
    } finally {
      vi.useRealTimers();
    }

    // Reloaded without the last group saved: the server replays from there, nothing shows twice.
    const { session: after } = open(transport, store);
    const online = after.online();
    transport.take('history').answer({
      ok: true,
      history: { messages: [{ id: 'msg_u', role: 'user', content: 'Count' }] },
    } as Acknowledgement);
    await settle();
    const resume = transport.take('resume');
    expect(resume.payload).toEqual({ request_id: requestId, from_seq: 3 });
    resume.answer({ ok: true, state: 'live' } as Acknowledgement);
    await online;
    after.receive('token', { request_id: requestId, seq: 3, content: ' three' });
    after.receive('token', { request_id: requestId, seq: 3, content: ' three' });
    after.receive('done', { request_id: requestId, seq: 4, message_id: 'msg_a' });
    expect(shown(after)).toEqual([
      ['user', 'Count', 'sent'],
      ['assistant', 'One two three', 'done'],
    ]);
    expect(store.thread).toEqual({ session_id: 'sess_1' });
  });

  it('reads the history when the server no longer knows the turn', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    const store = new MemoryStore();
    store.thread = {
      session_id: 'sess_1',
      pending: [
        { request_id: 'req_0123456789abcdef', message: 'Hello', sent: true, seq: 3, answer: 'Hi th' },
      ],
    };
    const { session } = open(transport, store);
    const online = session.online();
    transport.take('history').answer({ ok: true, history: { messages: [] } } as Acknowledgement);
    await settle();
    transport.take('resume').answer({ ok: true, state: 'unknown' } as Acknowledgement);
    await settle();
    transport.take('history').answer({
      ok: true,
      history: {
        messages: [
          { id: 'msg_u', role: 'user', content: 'Hello' },
          { id: 'msg_a', role: 'assistant', content: 'Hi there!' },
        ],
      },
    } as Acknowledgement);
    await online;
    expect(shown(session)).toEqual([
      ['user', 'Hello', 'done'],
      ['assistant', 'Hi there!', 'done'],
    ]);
    expect(store.thread).toEqual({ session_id: 'sess_1' });
  });
});
