import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../events.js';
import type { Principal } from '../principal.js';
import { createTestEngine } from '../testing/index.js';

const limits = { plan: 'free' as const, rateLimit: { per_minute: 60, per_day: 1000 } };
const secretKey: Principal = { kind: 'secret', id: 'key_secret', ...limits };
const shareLink = (agentId: string, allowConversations: boolean): Principal => ({
  kind: 'share',
  id: 'shr_link',
  agentId,
  allowConversations,
  ...limits,
});

function recorder() {
  const events: TurnEvent[] = [];
  return { events, onEvent: (event: TurnEvent) => events.push(event) };
}

describe('a conversation thread', () => {
  it("sends chat's done with its own fields: the answer, its conversation and the chat usage names", async () => {
    const { engine, model } = createTestEngine();
    const agent = await engine.agents.create({ name: 'Guide' });
    model.enqueue({ text: 'Welcome aboard.' });
    const { events, onEvent } = recorder();

    const result = await engine.agents.chat(agent.id, { message: 'Hello' }, secretKey, {
      stream: true,
      onEvent,
    });

    const done = events.at(-1);
    expect(Object.keys(done ?? {})).toEqual([
      'type',
      'id',
      'conversation_id',
      'message_id',
      'citations',
      'applied_definitions',
      'usage',
      'agent',
      'agent_id',
      'tools_used',
      'trace_id',
      'created_at',
    ]);
    expect(done).toMatchObject({
      id: result.id,
      conversation_id: result.conversation_id,
      message_id: result.id,
      agent: 'Guide',
      usage: { ...result.usage, input_tokens: result.usage.prompt_tokens },
      created_at: result.created_at,
    });
    expect(events[0]).toMatchObject({ type: 'start', conversation_id: result.conversation_id });
    expect(result.content).toBe('Welcome aboard.');
  });

  it('continues a conversation: the model hears the earlier turns, the record counts every message', async () => {
    const { engine, model, store } = createTestEngine();
    const agent = await engine.agents.create({ name: 'Guide' });
    model.enqueue({ text: 'First.' }, { text: 'Second.' });

    const first = await engine.agents.chat(agent.id, { message: 'One' }, secretKey);
    await engine.agents.chat(agent.id, { message: 'Two', conversation_id: first.conversation_id }, secretKey);

    expect(model.requests[1]?.messages).toEqual([
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'First.' },
      { role: 'user', content: 'Two' },
    ]);
    expect((await store.get('conversations', first.conversation_id ?? ''))?.message_count).toBe(4);
  });

  it('keeps nothing for a share link without conversations, and its done names no stored answer', async () => {
    const { engine, store } = createTestEngine();
    const agent = await engine.agents.create({ name: 'Guide' });
    const { events, onEvent } = recorder();

    const result = await engine.agents.chat(agent.id, { message: 'Hi' }, shareLink(agent.id, false), {
      onEvent,
    });

    expect(result.conversation_id).toBeNull();
    expect(events.at(-1)).toMatchObject({ type: 'done', conversation_id: null, message_id: null });
    expect(await store.count('messages')).toBe(0);
    expect(await store.count('conversations')).toBe(0);
  });

  it('hands a kept conversation over to a person: asked in words, the model stays quiet until hand-back', async () => {
    const { engine, model, store } = createTestEngine();
    const agent = await engine.agents.create({ name: 'Guide' });
    const { events, onEvent } = recorder();

    const asked = await engine.agents.chat(agent.id, { message: 'agent please' }, shareLink(agent.id, true), {
      onEvent,
    });
    const conversationId = asked.conversation_id ?? '';
    expect(model.requests).toHaveLength(0);
    expect(asked.content).toMatch(/person/);
    expect(events.at(-1)).toMatchObject({ type: 'done', escalated: true });
    expect(await store.get('conversations', conversationId)).toMatchObject({
      escalated: true,
      escalation_reason: 'user_requested',
    });

    // While escalated the model is not called; a person's reply is part of what it reads after.
    await engine.agents.chat(
      agent.id,
      { message: 'Still there?', conversation_id: conversationId },
      shareLink(agent.id, true),
    );
    expect(model.requests).toHaveLength(0);
    await engine.conversations.postHumanMessage(agent.id, conversationId, { content: 'Hi, Sam here.' });
    await engine.conversations.resolve(agent.id, conversationId);
    model.enqueue({ text: 'Back again.' });
    await engine.agents.chat(
      agent.id,
      { message: 'Thanks', conversation_id: conversationId },
      shareLink(agent.id, true),
    );
    expect(model.requests[0]?.messages).toContainEqual({ role: 'assistant', content: 'Hi, Sam here.' });
    expect(model.requests[0]?.tools?.map((tool) => tool.name)).toContain('escalate_to_human');
  });

  it('hands a kept conversation over when the model calls escalate_to_human, and tells its followers', async () => {
    const { engine, model, store } = createTestEngine();
    const agent = await engine.agents.create({ name: 'Guide' });
    model.enqueue({ toolCalls: [{ name: 'escalate_to_human', arguments: '{"reason":"refund"}' }] });
    const { events, onEvent } = recorder();

    const result = await engine.agents.chat(agent.id, { message: 'My refund is late' }, secretKey, {
      onEvent,
    });

    const conversationId = result.conversation_id ?? '';
    expect(await store.get('conversations', conversationId)).toMatchObject({
      escalated: true,
      escalation_reason: 'model',
    });
    expect(events.at(-1)).toMatchObject({ type: 'done', escalated: true, tools_used: ['escalate_to_human'] });
    const heard: string[] = [];
    const stop = engine.conversations.follow(conversationId, (event) => heard.push(event.type));
    await engine.inbox.assignConversation(agent.id, conversationId, secretKey, 'Dana');
    await engine.inbox.conversationTyping(agent.id, conversationId, secretKey);
    await engine.conversations.resolve(agent.id, conversationId);
    stop();
    expect(heard).toEqual(['assigned', 'typing', 'resolved']);
    expect(await engine.inbox.summary(conversationId)).toMatchObject({
      conversation_id: conversationId,
      agent_id: agent.id,
      app_id: null,
      escalated: false,
      assigned_to: null,
    });
  });

  it('never hands over a conversation kept nowhere: no escalate tool, asking for one is just a question', async () => {
    const { engine, model } = createTestEngine();
    const agent = await engine.agents.create({ name: 'Guide' });
    model.enqueue({ text: 'I am only a guide.' });

    const result = await engine.agents.chat(
      agent.id,
      { message: 'I want to talk to a human' },
      shareLink(agent.id, false),
    );

    expect(result.content).toBe('I am only a guide.');
    expect(model.requests[0]?.tools).toBeUndefined();
  });
});
