import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../events.js';
import { createTestApp, createTestEngine } from '../testing/index.js';
import { escalationNotice } from './messages.js';
import { escalateToolName } from './model-turn.js';

function recorder() {
  const events: TurnEvent[] = [];
  return { events, onEvent: (event: TurnEvent) => events.push(event) };
}

/** An app with a webhook for every event, and an open session. */
async function appWithWebhook() {
  const test = createTestEngine();
  const { appId } = await createTestApp(test.engine);
  await test.engine.webhooks.create(appId, {
    url: 'https://helpdesk.example/hook',
    events: ['session.started', 'conversation.escalated', 'message.created'],
  });
  const { session_id: sessionId } = await test.engine.sessions.create(appId, { metadata: { plan: 'gold' } });
  return { ...test, appId, sessionId };
}

async function deliveriesOf(test: Awaited<ReturnType<typeof appWithWebhook>>, event: string) {
  const all = await test.store.all('deliveries');
  return all.filter((delivery) => delivery.event === event);
}

describe('a session thread hands over to a person', () => {
  it('when the user asks in words: the notice answers, the model is not called, the helpdesk hears once', async () => {
    const test = await appWithWebhook();
    const { events, onEvent } = recorder();

    const result = await test.engine.execute(
      test.appId,
      { message: 'I want to talk to a human', session_id: test.sessionId },
      { onEvent },
    );

    expect(result).toMatchObject({ response: escalationNotice, escalated: true });
    expect(test.model.requests).toHaveLength(0);
    const escalations = await deliveriesOf(test, 'conversation.escalated');
    expect(escalations).toHaveLength(1);
    expect(JSON.parse(escalations[0]?.body ?? '{}').data).toMatchObject({
      session_id: test.sessionId,
      reason: 'user_requested',
      context: { metadata: { plan: 'gold' } },
    });
    expect(test.sessionEvents).toContainEqual({
      type: 'escalated',
      session_id: test.sessionId,
      reason: 'user_requested',
    });
    expect(events.at(-1)).toMatchObject({ type: 'done', escalated: true, session_id: test.sessionId });
  });

  it('when the model calls its tool: the call is shown, named in tools_used, and the notice follows its text', async () => {
    const test = await appWithWebhook();
    test.model.enqueue({ text: 'Let me find someone.', toolCalls: [{ name: escalateToolName }] });
    const { events, onEvent } = recorder();

    const result = await test.engine.execute(
      test.appId,
      { message: 'My card was charged twice', session_id: test.sessionId },
      { stream: true, onEvent },
    );

    expect(result.escalated).toBe(true);
    expect(result.response).toBe(`Let me find someone.\n\n${escalationNotice}`);
    expect(result.tools_used).toEqual([escalateToolName]);
    expect(events.filter((event) => event.type === 'tool_call')).toEqual([
      { type: 'tool_call', tool: escalateToolName, status: 'started' },
      { type: 'tool_call', tool: escalateToolName, status: 'completed' },
    ]);
    const tokens = events.flatMap((event) => (event.type === 'token' ? [event.content] : []));
    expect(tokens.join('')).toBe(result.response);
    const escalations = await deliveriesOf(test, 'conversation.escalated');
    expect(JSON.parse(escalations[0]?.body ?? '{}').data.reason).toBe('model');
    // The model was offered the tool in the first place.
    expect(test.model.requests[0]?.tools?.map((tool) => tool.name)).toContain(escalateToolName);
  });

  it('stays quiet while a person answers: the message goes to the helpdesk, nothing is answered', async () => {
    const test = await appWithWebhook();
    await test.engine.sessions.escalate(test.appId, test.sessionId);
    const { events, onEvent } = recorder();

    const result = await test.engine.execute(
      test.appId,
      { message: 'Are you there?', session_id: test.sessionId },
      { stream: true, onEvent },
    );

    expect(result).toMatchObject({ response: '', escalated: true });
    expect(test.model.requests).toHaveLength(0);
    expect(events.map((event) => event.type)).toEqual(['start', 'done']);
    expect(events.at(-1)).toMatchObject({ message_id: null, escalated: true });
    const forwarded = await deliveriesOf(test, 'message.created');
    expect(JSON.parse(forwarded[0]?.body ?? '{}').data.message.content).toBe('Are you there?');
    const history = await test.engine.sessions.history(test.appId, test.sessionId);
    expect(history.messages.at(-1)).toMatchObject({ role: 'user', content: 'Are you there?' });
  });

  it('wakes the webhook outbox with each commit that holds deliveries, naming exactly those', async () => {
    const test = await appWithWebhook();
    const afterOpening = test.outboxWakeUps.length;

    await test.engine.execute(test.appId, { message: 'Get me a person please', session_id: test.sessionId });
    await test.engine.execute(test.appId, { message: 'Hello?', session_id: test.sessionId });

    const woken = test.outboxWakeUps.slice(afterOpening);
    const escalated = await deliveriesOf(test, 'conversation.escalated');
    const forwarded = await deliveriesOf(test, 'message.created');
    expect(woken).toEqual([
      escalated.map((delivery) => delivery.id),
      forwarded.map((delivery) => delivery.id),
    ]);
  });
});

describe('a session thread', () => {
  it('merges the request metadata into the memory the prompt reads, and keeps the user id', async () => {
    const test = createTestEngine();
    const { appId } = await createTestApp(test.engine, [
      {
        name: 'Concierge',
        system_prompt: 'The customer is on the {{memory.sessionMeta.metadata.plan}} plan.',
      },
    ]);
    const { session_id: sessionId } = await test.engine.sessions.create(appId, {
      metadata: { plan: 'free' },
    });

    await test.engine.execute(appId, {
      message: 'Hi',
      session_id: sessionId,
      metadata: { plan: 'gold' },
      user_id: 'user-7',
    });

    expect(test.model.requests[0]?.messages[0]).toEqual({
      role: 'system',
      content: 'The customer is on the gold plan.',
    });
    expect((await test.store.get('sessions', sessionId))?.user_id).toBe('user-7');
  });

  it('answers not_found for an ended session and stores nothing', async () => {
    const test = createTestEngine();
    const { appId } = await createTestApp(test.engine);
    const { session_id: sessionId } = await test.engine.sessions.create(appId, {});
    await test.engine.sessions.end(appId, sessionId);

    await expect(test.engine.execute(appId, { message: 'Hi', session_id: sessionId })).rejects.toMatchObject({
      code: 'not_found',
      details: { session_id: sessionId },
    });
    expect(await test.store.count('messages', { thread_id: sessionId })).toBe(0);
  });

  it('slides the expiry forward by the app time to live with each turn', async () => {
    const test = createTestEngine();
    const { appId } = await createTestApp(test.engine, undefined, { session_ttl_seconds: 60 });
    const { session_id: sessionId } = await test.engine.sessions.create(appId, {});
    test.clock.advance(50_000);

    await test.engine.execute(appId, { message: 'Still here', session_id: sessionId });

    const session = await test.store.get('sessions', sessionId);
    expect(Date.parse(session?.expires_at ?? '')).toBe(test.clock.now() + 60_000);
    expect(session?.message_count).toBe(2);
  });
});
