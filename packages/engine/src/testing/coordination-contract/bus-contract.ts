import { expect, it } from 'vitest';
import { publishSessionEvent, type SessionEvent } from '../../bus/event-bus.js';
import { type CoordinationNode, eventually } from './harness.js';

function resolved(sessionId: string): SessionEvent {
  return { type: 'resolved', session_id: sessionId };
}

/** The bus: broadcast topics every subscribed node hears, in order, once. */
export function busCases(nodes: () => [CoordinationNode, CoordinationNode]): void {
  it('bus: a message published on one node reaches every subscriber on every node, once each, in order', async () => {
    const [first, second] = nodes();
    const heardFirst: SessionEvent[] = [];
    const heardSecond: SessionEvent[] = [];
    first.bus.subscribe('session:ordered', (event) => heardFirst.push(event));
    second.bus.subscribe('session:ordered', (event) => heardSecond.push(event));
    await Promise.all([first.bus.settled?.(), second.bus.settled?.()]);
    const sent = ['one', 'two', 'three'].map((id) => resolved(id));
    for (const event of sent) first.bus.publish('session:ordered', event);
    await eventually(() => {
      expect(heardFirst).toEqual(sent);
      expect(heardSecond).toEqual(sent);
    });
  });

  it('bus: a listener on the publishing node hears a publish at once (a socket following a session mid-turn misses nothing)', () => {
    const [first] = nodes();
    const heard: SessionEvent[] = [];
    first.bus.subscribe('session:at-once', (event) => heard.push(event));
    first.bus.publish('session:at-once', resolved('at-once'));
    expect(heard).toEqual([resolved('at-once')]);
  });

  it('bus: keeps topics apart, and `sessions` carries every session event', async () => {
    const [first, second] = nodes();
    const onA: SessionEvent[] = [];
    const everySession: SessionEvent[] = [];
    second.bus.subscribe('session:a', (event) => onA.push(event));
    second.bus.subscribe('sessions', (event) => everySession.push(event));
    await second.bus.settled?.();
    publishSessionEvent(first.bus, resolved('b'));
    publishSessionEvent(first.bus, resolved('a'));
    await eventually(() => {
      expect(onA).toEqual([resolved('a')]);
      expect(everySession).toEqual([resolved('b'), resolved('a')]);
    });
  });

  it('bus: an unsubscribed listener hears nothing more; the others still do', async () => {
    const [first, second] = nodes();
    const kept: SessionEvent[] = [];
    const dropped: SessionEvent[] = [];
    second.bus.subscribe('session:leaving', (event) => kept.push(event));
    const unsubscribe = second.bus.subscribe('session:leaving', (event) => dropped.push(event));
    await second.bus.settled?.();
    unsubscribe();
    first.bus.publish('session:leaving', resolved('leaving'));
    await eventually(() => expect(kept).toHaveLength(1));
    expect(dropped).toEqual([]);
  });

  it('bus: a listener that throws harms neither the publisher nor the other listeners', async () => {
    const [first, second] = nodes();
    const heard: SessionEvent[] = [];
    second.bus.subscribe('session:fragile', () => {
      throw new Error('listener broke');
    });
    second.bus.subscribe('session:fragile', (event) => heard.push(event));
    await second.bus.settled?.();
    expect(() => first.bus.publish('session:fragile', resolved('fragile'))).not.toThrow();
    await eventually(() => expect(heard).toEqual([resolved('fragile')]));
  });
}
