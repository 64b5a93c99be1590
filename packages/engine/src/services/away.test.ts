import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../bus/event-bus.js';
import { Engine } from '../engine.js';
import type { Principal } from '../principal.js';
import { createTestApp, FixedClock, MemoryStore, ScriptedModel } from '../testing/index.js';
import { KeyedMutex } from '../util/keyed-mutex.js';

const admin: Principal = {
  kind: 'secret',
  id: 'key_admin',
  plan: 'enterprise',
  rateLimit: { per_minute: 1, per_day: 1 },
};

/** Two nodes on one store with one lock service (as with PostgreSQL and Redis), and what each told visitors. */
function twoNodes() {
  const store = new MemoryStore();
  const clock = new FixedClock(Date.parse('2026-01-15T14:30:00Z')); // a Thursday
  const locks = new KeyedMutex();
  const away: SessionEvent[] = [];
  const nodes = [0, 1].map(() => {
    const engine = new Engine({ store, model: new ScriptedModel(), clock, locks });
    engine.context.bus.subscribe('sessions', (event) => {
      if (event.type === 'away') away.push(event);
    });
    return engine;
  });
  return { nodes: nodes as [Engine, Engine], clock, away };
}

async function escalatedSession(engine: Engine, appId: string): Promise<string> {
  const { session_id: sessionId } = await engine.sessions.create(appId, {});
  await engine.sessions.escalate(appId, sessionId);
  return sessionId;
}

describe('away: the handoff timeout and opening hours', () => {
  it('tells the visitor once that no one is free, however many nodes sweep', async () => {
    const { nodes, clock, away } = twoNodes();
    const [first, second] = nodes;
    await second.sessions.sweepHandoffTimeouts();
    const { appId } = await createTestApp(first, undefined, { handoff_timeout_seconds: 60 });
    const sessionId = await escalatedSession(first, appId);
    clock.advance(59_000);
    expect(await Promise.all(nodes.map((node) => node.sessions.sweepHandoffTimeouts()))).toEqual([0, 0]);
    clock.advance(2_000);
    const told = await Promise.all([
      first.sessions.sweepHandoffTimeouts(),
      second.sessions.sweepHandoffTimeouts(),
      first.sessions.sweepHandoffTimeouts(),
    ]);
    expect(told.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(away).toEqual([{ type: 'away', session_id: sessionId, app_id: appId, reason: 'timeout' }]);
    clock.advance(60_000);
    expect(await first.sessions.sweepHandoffTimeouts()).toBe(0);

    // Handed back, then asked for again: the timeout runs anew.
    await first.sessions.resolve(appId, sessionId);
    await first.sessions.escalate(appId, sessionId);
    clock.advance(61_000);
    expect(await first.sessions.sweepHandoffTimeouts()).toBe(1);
    expect(away).toHaveLength(2);
  });

  it('says nothing when a person takes it in time, or when there is no timeout', async () => {
    const { nodes, clock, away } = twoNodes();
    const [engine] = nodes;
    const { appId } = await createTestApp(engine, undefined, { handoff_timeout_seconds: 30 });
    const taken = await escalatedSession(engine, appId);
    await engine.inbox.assign(appId, taken, admin, 'Ana');
    const { appId: patientApp } = await createTestApp(engine);
    await escalatedSession(engine, patientApp);
    clock.advance(3_600_000);
    expect(await engine.sessions.sweepHandoffTimeouts()).toBe(0);
    expect(away).toEqual([]);
  });

  it('out of hours, the visitor asking is told the team is away (once, not again at the timeout)', async () => {
    const { nodes, clock, away } = twoNodes();
    const [engine] = nodes;
    // 14:30 UTC on a Thursday is 15:30 in Paris: open 09:00-12:00 only.
    const { appId } = await createTestApp(engine, undefined, {
      opening_hours: { time_zone: 'Europe/Paris', days: { thu: [{ open: '09:00', close: '12:00' }] } },
      handoff_timeout_seconds: 10,
    });
    const sessionId = await escalatedSession(engine, appId);
    expect(away).toEqual([{ type: 'away', session_id: sessionId, app_id: appId, reason: 'closed' }]);
    clock.advance(60_000);
    expect(await engine.sessions.sweepHandoffTimeouts()).toBe(0);
    expect(away).toHaveLength(1);
  });

  it('keeps the email left in the metadata and sends it with conversation.escalated and message.created', async () => {
    const { nodes } = twoNodes();
    const [engine] = nodes;
    const { appId } = await createTestApp(engine);
    await engine.webhooks.create(appId, {
      url: 'https://helpdesk.example.com/hook',
      events: ['conversation.escalated', 'message.created'],
    });
    const sessionId = await escalatedSession(engine, appId);
    expect(await engine.sessions.leaveContact(appId, sessionId, 'ada@example.com')).toEqual({
      session_id: sessionId,
      contact_email: 'ada@example.com',
    });
    await engine.execute(appId, { message: 'Still there?', session_id: sessionId });
    const deliveries = (await engine.context.store.list('deliveries', { limit: 20, order: 'asc' })).items;
    const data = deliveries.map(
      (delivery) => JSON.parse(delivery.body) as { event: string; data: Record<string, unknown> },
    );
    const escalations = data.filter((body) => body.event === 'conversation.escalated');
    expect(escalations.map((body) => body.data.contact_email)).toEqual([undefined, 'ada@example.com']);
    expect(escalations[1]?.data.session_id).toBe(sessionId);
    const message = data.find((body) => body.event === 'message.created');
    expect(message?.data.contact_email).toBe('ada@example.com');
  });
});
