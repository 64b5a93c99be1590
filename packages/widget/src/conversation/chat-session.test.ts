import { describe, expect, it, vi } from 'vitest';
import type { ParleyMessageDetail } from '../events/parley-events.js';
import {
  type ChatMessage,
  ChatSession,
  type ChatTarget,
  type StoredThread,
  type ThreadStore,
  type Transport,
} from './chat-session.js';
import type { Acknowledgement } from './protocol.js';

interface Sent {
  event: string;
  payload: Record<string, unknown>;
  answer(acknowledgement: Acknowledgement): void;
}

/** The socket, played by the test: every request waits until the test answers it. */
class FakeTransport implements Transport {
  online = false;
  sent: Sent[] = [];
  /** Answers given at once, by message name. */
  automatic: Record<string, Acknowledgement> = {
    config: { ok: true, config: { name: 'Shop', greeting: 'Hi', starter_prompts: [] } } as Acknowledgement,
    subscribe: { ok: true },
  };

  request<Answer extends object>(event: string, payload: object): Promise<Acknowledgement<Answer>> {
    if (!this.online) return Promise.resolve({ ok: false, error: { code: 'offline', message: 'offline' } });
    return new Promise((resolve) => {
      const automatic = this.automatic[event];
      if (automatic) resolve(automatic as Acknowledgement<Answer>);
      else
        this.sent.push({
          event,
          payload: payload as Record<string, unknown>,
          answer: (answer) => resolve(answer as Acknowledgement<Answer>),
        });
    });
  }

  take(event: string): Sent {
    const index = this.sent.findIndex((sent) => sent.event === event);
    if (index < 0)
      throw new Error(`nothing sent as ${event}: ${this.sent.map((sent) => sent.event).join(', ')}`);
    return this.sent.splice(index, 1)[0] as Sent;
  }

  count(event: string): number {
    return this.sent.filter((sent) => sent.event === event).length;
  }
}

class MemoryStore implements ThreadStore {
  thread: StoredThread = {};
  load(): StoredThread {
    return structuredClone(this.thread);
  }
  save(thread: StoredThread): void {
    this.thread = structuredClone(thread);
  }
  clear(): void {
    this.thread = {};
  }
}

const texts = { escalated: 'A person will answer.', resolved: 'Back to the bot.', incomplete: 'Cut short.' };
const app: ChatTarget = { kind: 'app', appId: 'app_test' };

function open(transport: FakeTransport, store: MemoryStore, target: ChatTarget = app) {
  const heard: ParleyMessageDetail[] = [];
  const session = new ChatSession(
    target,
    transport,
    store,
    { changed: () => {}, message: (detail) => heard.push(detail), escalated: () => {} },
    () => texts,
  );
  return { session, heard };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function shown(session: ChatSession) {
  return session.messages.map((message: ChatMessage) => [message.role, message.content, message.state]);
}

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

  it('follows a person: escalation, their messages once each, and the return of the bot', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.history = { ok: true, history: { messages: [] } } as Acknowledgement;
    const store = new MemoryStore();
    store.thread = { session_id: 'sess_1' };
    const { session, heard } = open(transport, store);
    await session.online();
    const escalation = session.escalate();
    transport.take('escalate').answer({ ok: true });
    expect(await escalation).toBeNull();
    session.receive('escalated', { session_id: 'sess_1', reason: 'user_request' });
    const message = { id: 'msg_h', role: 'human_agent', content: 'Sam here.', author: 'Sam' };
    session.receive('human_message', { session_id: 'sess_1', message });
    session.receive('human_message', { session_id: 'sess_1', message });
    session.receive('resolved', { session_id: 'sess_1' });
    expect(shown(session)).toEqual([
      ['notice', 'A person will answer.', 'done'],
      ['human_agent', 'Sam here.', 'done'],
      ['notice', 'Back to the bot.', 'done'],
    ]);
    expect(heard).toEqual([{ role: 'human_agent', content: 'Sam here.', id: 'msg_h', author: 'Sam' }]);
  });

  it('chats with an agent by conversation, and keeps none when conversations are off', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.config = {
      ok: true,
      config: { name: 'Desk', greeting: null, starter_prompts: [], allow_conversations: false },
    } as Acknowledgement;
    const store = new MemoryStore();
    const { session } = open(transport, store, { kind: 'agent', agentId: 'agt_1' });
    await session.online();
    session.send('One');
    const chat = transport.take('chat');
    expect(chat.payload).toMatchObject({ agent_id: 'agt_1', message: 'One' });
    session.receive('start', { request_id: chat.payload.request_id, seq: 0, conversation_id: 'conv_1' });
    session.receive('done', {
      request_id: chat.payload.request_id,
      seq: 1,
      citations: [{ id: 1, document_name: 'a.pdf', page_number: 2, excerpt: 'x' }],
    });
    expect(session.messages.at(-1)?.citations).toHaveLength(1);
    session.send('Two');
    expect(transport.take('chat').payload.conversation_id).toBeUndefined();
    expect(store.thread.conversation_id).toBeUndefined();
    expect(session.canRate).toBe(false);
    const answer = session.messages.at(-1) as ChatMessage;
    await session.rate({ ...answer, id: 'msg_x' }, 'up');
    expect(transport.count('feedback')).toBe(0);
  });

  it('rates an answer of a kept agent conversation by conversation id, and undoes a refused rating', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.config = {
      ok: true,
      config: { name: 'Desk', greeting: null, starter_prompts: [], allow_conversations: true },
    } as Acknowledgement;
    const { session } = open(transport, new MemoryStore(), { kind: 'agent', agentId: 'agt_1' });
    await session.online();
    expect(session.canRate).toBe(true);
    session.send('One');
    const chat = transport.take('chat');
    session.receive('start', { request_id: chat.payload.request_id, seq: 0, conversation_id: 'conv_1' });
    session.receive('token', { request_id: chat.payload.request_id, seq: 1, content: 'Yes.' });
    session.receive('done', {
      request_id: chat.payload.request_id,
      seq: 2,
      message_id: 'msg_a',
      id: 'msg_a',
    });
    const answer = session.messages.at(-1) as ChatMessage;
    expect(answer).toMatchObject({ id: 'msg_a', state: 'done' });

    const rated = session.rate(answer, 'up');
    expect(answer.rating).toBe('up');
    const feedback = transport.take('feedback');
    expect(feedback.payload).toEqual({
      agent_id: 'agt_1',
      conversation_id: 'conv_1',
      message_id: 'msg_a',
      rating: 'up',
    });
    feedback.answer({ ok: true });
    await rated;
    expect(answer.rating).toBe('up');

    const refused = session.rate(answer, 'down');
    transport.take('feedback').answer({ ok: false, error: { code: 'not_found', message: 'gone' } });
    await refused;
    expect(answer.rating).toBe('up');
  });
});
