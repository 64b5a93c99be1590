import { describe, expect, it } from 'vitest';
import { FakeTransport, MemoryStore, open, shown } from '../../test-support/chat-session-fakes.js';
import { AgentConversationTarget } from './agent-conversation-target.js';
import type { ChatMessage } from './chat-message.js';
import type { Acknowledgement } from './protocol.js';

describe('ChatSession targets', () => {
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

  it("follows a person in a kept agent conversation (the share page), not another conversation's", async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.config = {
      ok: true,
      config: { name: 'Desk', greeting: null, starter_prompts: [], allow_conversations: true },
    } as Acknowledgement;
    const { session } = open(transport, new MemoryStore(), new AgentConversationTarget('agt_1'));
    await session.online();
    expect(session.canEscalate).toBe(false);
    session.send('One');
    const chat = transport.take('chat');
    session.receive('start', { request_id: chat.payload.request_id, seq: 0, conversation_id: 'conv_1' });
    session.receive('done', { request_id: chat.payload.request_id, seq: 1, id: 'msg_a' });
    expect(session.canEscalate).toBe(true);
    const escalation = session.escalate();
    const asked = transport.take('escalate');
    expect(asked.payload).toEqual({ agent_id: 'agt_1', conversation_id: 'conv_1' });
    asked.answer({ ok: true });
    expect(await escalation).toBeNull();
    expect(session.canEscalate).toBe(false);
    const message = { id: 'msg_h', role: 'human_agent', content: 'Sam here.', author: 'Sam' };
    session.receive('typing', { conversation_id: 'conv_other', author: 'Somebody' });
    session.receive('human_message', { conversation_id: 'conv_other', message: { ...message, id: 'msg_o' } });
    expect(session.typist).toBeNull();
    session.receive('typing', { conversation_id: 'conv_1', author: 'Sam' });
    expect(session.typist).toBe('Sam');
    session.receive('human_message', { conversation_id: 'conv_1', message });
    session.receive('resolved', { conversation_id: 'conv_1' });
    expect(shown(session).slice(-3)).toEqual([
      ['notice', 'A person will answer.', 'done'],
      ['human_agent', 'Sam here.', 'done'],
      ['notice', 'Back to the bot.', 'done'],
    ]);
    expect(session.canEscalate).toBe(true);
  });

  it('chats with an agent by conversation, and keeps none when conversations are off', async () => {
    const transport = new FakeTransport();
    transport.online = true;
    transport.automatic.config = {
      ok: true,
      config: { name: 'Desk', greeting: null, starter_prompts: [], allow_conversations: false },
    } as Acknowledgement;
    const store = new MemoryStore();
    const { session } = open(transport, store, new AgentConversationTarget('agt_1'));
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
    const { session } = open(transport, new MemoryStore(), new AgentConversationTarget('agt_1'));
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
