import { describe, expect, it } from 'vitest';
import { createTestApp, createTestEngine } from '../testing/index.js';
import type { AppRecord, SessionRecord } from '../types.js';
import { chooseAgent } from './routing.js';

const billing = { name: 'Billing', description: 'Invoices, refunds and payment cards' };
const shipping = { name: 'Shipping', description: 'Parcels, delivery dates and tracking numbers' };

async function routedApp(routing: 'auto' | 'first', lastAgent: 'none' | 'shipping' = 'none') {
  const test = createTestEngine();
  const { appId, agents } = await createTestApp(test.engine, [billing, shipping], { routing });
  const { session_id: sessionId } = await test.engine.sessions.create(appId, {});
  const app = (await test.store.get('apps', appId)) as AppRecord;
  const stored = (await test.store.get('sessions', sessionId)) as SessionRecord;
  const session = { ...stored, last_agent_id: lastAgent === 'shipping' ? (agents[1]?.id ?? null) : null };
  const choose = (question: string) => chooseAgent(test.context, app, session, question);
  return { ...test, choose };
}

describe('routing a question to an agent of the app', () => {
  it('sends every question to the first agent when the app says first', async () => {
    const { choose, model } = await routedApp('first');
    expect((await choose('Where is my parcel?')).name).toBe('Billing');
    expect(model.requests).toHaveLength(0);
  });

  it('picks the agent whose description clearly fits, without asking the model', async () => {
    const { choose, model } = await routedApp('auto');
    expect((await choose('My parcel tracking number does not work')).name).toBe('Shipping');
    expect((await choose('I want a refund for this invoice')).name).toBe('Billing');
    expect(model.requests).toHaveLength(0);
  });

  it('asks the model, listing the agents, when no description clearly fits', async () => {
    const { choose, model } = await routedApp('auto');
    model.enqueue({ text: '2' });
    expect((await choose('Hello there')).name).toBe('Shipping');
    const listed = model.requests[0]?.messages[0]?.content ?? '';
    expect(listed).toContain('1. Billing: Invoices, refunds and payment cards');
    expect(listed).toContain('2. Shipping: Parcels, delivery dates and tracking numbers');
  });

  it('keeps the agent that answered last when the model names none or fails', async () => {
    const { choose, model } = await routedApp('auto', 'shipping');
    model.enqueue({ text: 'no idea' }, { fail: new Error('provider down') });
    expect((await choose('Hello there')).name).toBe('Shipping');
    expect((await choose('Hello again')).name).toBe('Shipping');
  });

  it('falls back to the first agent in a new session when the model cannot choose', async () => {
    const { choose, model } = await routedApp('auto');
    model.enqueue({ text: 'no idea' });
    expect((await choose('Hello there')).name).toBe('Billing');
  });

  it('refuses a turn of an app without agents, naming the field to fix', async () => {
    const test = createTestEngine();
    const { appId } = await createTestApp(test.engine, []);
    await expect(test.engine.execute(appId, { message: 'Hi' })).rejects.toMatchObject({
      code: 'invalid_request',
      details: { app_id: appId, field: 'agents' },
    });
  });
});
