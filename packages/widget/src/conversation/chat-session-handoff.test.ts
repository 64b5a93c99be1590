import { describe, expect, it } from 'vitest';
import { FakeTransport, MemoryStore, open, settle, shown } from '../../test-support/chat-session-fakes.js';
import type { Acknowledgement } from './protocol.js';

const handoffText = 'I have asked a person from our team to join this conversation.';

/** A session with one answered turn, online, its id `sess_1`. */
async function answeredSession(store = new MemoryStore()) {
  const transport = new FakeTransport();
  transport.online = true;
  const opened = open(transport, store);
  await opened.session.online();
  opened.session.send('Hello');
  const execute = transport.take('execute');
  const requestId = execute.payload.request_id;
  opened.session.receive('start', { request_id: requestId, seq: 0, session_id: 'sess_1' });
  opened.session.receive('token', { request_id: requestId, seq: 1, content: 'Hi there.' });
  opened.session.receive('done', { request_id: requestId, seq: 2, message_id: 'msg_2' });
  execute.answer({ ok: true });
  await settle();
  return { ...opened, transport, store };
}

/** Sends `text`; the turn's answer is `answer`, and `done` says the session is escalated. */
async function escalatingTurn(
  opened: Awaited<ReturnType<typeof answeredSession>>,
  text: string,
  answer: string,
  liveEventFirst: boolean,
) {
  const { session, transport } = opened;
  session.send(text);
  const execute = transport.take('execute');
  const requestId = execute.payload.request_id;
  session.receive('start', { request_id: requestId, seq: 0, session_id: 'sess_1' });
  if (answer) session.receive('token', { request_id: requestId, seq: 1, content: answer });
  // The server says so live as well; it may come before the turn's end.
  if (liveEventFirst) session.receive('escalated', { session_id: 'sess_1', reason: 'user_requested' });
  session.receive('done', {
    request_id: requestId,
    seq: 2,
    message_id: answer ? 'msg_4' : null,
    escalated: true,
  });
  if (!liveEventFirst) session.receive('escalated', { session_id: 'sess_1', reason: 'user_requested' });
  execute.answer({ ok: true });
  await settle();
}

describe('ChatSession: the handoff to a person', () => {
  for (const liveEventFirst of [true, false]) {
    it(`asked in words: the answer is the one notice line (live event ${liveEventFirst ? 'first' : 'last'})`, async () => {
      const opened = await answeredSession();
      await escalatingTurn(opened, 'agent please', handoffText, liveEventFirst);
      expect(shown(opened.session)).toEqual([
        ['user', 'Hello', 'sent'],
        ['assistant', 'Hi there.', 'done'],
        ['user', 'agent please', 'sent'],
        ['notice', handoffText, 'done'],
      ]);
      expect(opened.session.escalated).toBe(true);
      expect(opened.session.canEscalate).toBe(false);
      expect(opened.store.thread.handoff).toEqual({ answer: 'msg_4' });
    });
  }

  it('escalated elsewhere, told only by a silent turn: the widget says it once', async () => {
    const opened = await answeredSession();
    await escalatingTurn(opened, 'Anyone?', '', false);
    expect(shown(opened.session).filter(([role]) => role === 'notice')).toEqual([
      ['notice', 'A person will answer.', 'done'],
    ]);
  });

  it('after a reload the notice is where it was; none once resolved', async () => {
    const store = new MemoryStore();
    const first = await answeredSession(store);
    first.session.receive('escalated', { session_id: 'sess_1', reason: 'api' });
    expect(store.thread.handoff).toEqual({ after: 'msg_2' });

    const transport = new FakeTransport();
    transport.online = true;
    const history = (escalated: boolean) =>
      ({
        ok: true,
        history: {
          escalated,
          messages: [
            { id: 'msg_1', role: 'user', content: 'Hello' },
            { id: 'msg_2', role: 'assistant', content: 'Hi there.' },
            { id: 'msg_3', role: 'human_agent', content: 'Sam here.' },
          ],
        },
      }) as Acknowledgement;
    transport.automatic.history = history(true);
    const reloaded = open(transport, store).session;
    await reloaded.online();
    expect(shown(reloaded).map(([role]) => role)).toEqual(['user', 'assistant', 'notice', 'human_agent']);
    expect(reloaded.canEscalate).toBe(false);

    transport.automatic.history = history(false);
    const later = open(transport, store).session;
    await later.online();
    expect(shown(later).map(([role]) => role)).toEqual(['user', 'assistant', 'human_agent']);
    expect(later.canEscalate).toBe(true);
  });

  it("shows who is typing until their message arrives, and ignores another session's typing", async () => {
    const opened = await answeredSession();
    opened.session.receive('typing', { session_id: 'sess_other', author: 'Somebody' });
    expect(opened.session.typist).toBeNull();
    opened.session.receive('typing', { session_id: 'sess_1', author: 'Maria' });
    expect(opened.session.typist).toBe('Maria');
    opened.session.receive('human_message', {
      session_id: 'sess_1',
      message: {
        id: 'msg_9',
        role: 'human_agent',
        content: 'Hi, Maria here.',
        timestamp: '2026-01-15T14:30:00Z',
        author: 'Maria',
      },
    });
    expect(opened.session.typist).toBeNull();
    expect(shown(opened.session).at(-1)?.[1]).toBe('Hi, Maria here.');
  });

  it('the stored thread says escalated while a person answers, and no more once resolved (the loader reads it)', async () => {
    const opened = await answeredSession();
    expect(opened.store.thread.escalated).toBeUndefined();
    await escalatingTurn(opened, 'agent please', handoffText, true);
    expect(opened.store.thread).toMatchObject({ session_id: 'sess_1', escalated: true });
    opened.session.receive('resolved', { session_id: 'sess_1' });
    expect(opened.store.thread.escalated).toBeUndefined();
    expect(opened.store.thread.session_id).toBe('sess_1');
  });
});
