import { describe, expect, it } from 'vitest';
import { DeliverySchedule, type SchedulableDelivery } from './delivery-schedule.js';

const settings = {
  perEndpointConcurrency: 2,
  circuitThreshold: 3,
  circuitDelay: (n: number) => 1000 * n,
  quickFailureSpacingMs: 50,
};

function delivery(id: string, webhook: string, session: string, dueAt = 0): SchedulableDelivery {
  return {
    id,
    webhook_id: webhook,
    order_key: `${webhook}:${session}`,
    next_attempt_at: dueAt,
    created_at: '2026-01-01T00:00:00Z',
  };
}

describe('DeliverySchedule', () => {
  it('lets webhooks take turns, at most two attempts each', () => {
    const schedule = new DeliverySchedule(settings);
    for (const session of ['s1', 's2', 's3', 's4']) schedule.add(delivery(`a-${session}`, 'A', session), 0);
    schedule.add(delivery('b-s1', 'B', 's1'), 0);
    schedule.add(delivery('c-s1', 'C', 's1'), 0);

    expect(schedule.take(0, 10).map((taken) => taken.id)).toEqual(['a-s1', 'b-s1', 'c-s1', 'a-s2']);
  });

  it("sends one session's deliveries one at a time, oldest first", () => {
    const schedule = new DeliverySchedule(settings);
    schedule.add(delivery('first', 'A', 's1'), 0);
    schedule.add(delivery('second', 'A', 's1'), 0);
    expect(schedule.add(delivery('first', 'A', 's1'), 0)).toBe(false);

    const [first] = schedule.take(0, 10);
    expect(first?.id).toBe('first');
    expect(schedule.take(0, 10)).toEqual([]);
    if (!first) throw new Error('unreachable');
    schedule.settle(first, 500, 'failure', 0);
    expect(schedule.take(100, 10)).toEqual([]);
    expect(schedule.nextWakeAt(100)).toBe(500);
    const [retried] = schedule.take(500, 10);
    expect(retried?.id).toBe('first');
    if (!retried) throw new Error('unreachable');
    schedule.settle(retried, null, 'success', 600);
    expect(schedule.take(600, 10).map((taken) => taken.id)).toEqual(['second']);
    expect(schedule.size).toBe(1);
  });

  it('opens a circuit after three slow failures in a row: one attempt at a time, after a wait', () => {
    const schedule = new DeliverySchedule(settings);
    for (let index = 0; index < 10; index += 1) schedule.add(delivery(`a${index}`, 'A', `s${index}`), 0);
    for (let round = 0; round < 3; round += 1) {
      const [taken] = schedule.take(0, 1);
      if (!taken) throw new Error('nothing due');
      schedule.settle(taken, 60_000, 'slow-failure', 0);
    }
    schedule.add(delivery('b', 'B', 's1'), 0);
    // A failed three times in a row: it waits 1 s, B goes meanwhile.
    expect(schedule.take(0, 10).map((taken) => taken.webhookId)).toEqual(['B']);
    expect(schedule.nextWakeAt(0)).toBe(1000);
    const probe = schedule.take(1000, 10);
    expect(probe.map((taken) => taken.webhookId)).toEqual(['A']);
    const [probed] = probe;
    if (!probed) throw new Error('unreachable');
    schedule.settle(probed, null, 'success', 1100);
    expect(schedule.take(1100, 10).map((taken) => taken.webhookId)).toEqual(['A', 'A']);
  });

  it('tries a receiver that fails quickly at a steady low rate once three attempts failed', () => {
    const schedule = new DeliverySchedule(settings);
    for (let index = 0; index < 10; index += 1) schedule.add(delivery(`a${index}`, 'A', `s${index}`), 0);
    const started: number[] = [];
    for (let now = 0; now <= 200; now += 1) {
      for (const taken of schedule.take(now, 10)) {
        started.push(now);
        schedule.settle(taken, 60_000, 'failure', now);
      }
    }
    // Two at a time until three have failed, then one every 50 ms.
    expect(started).toEqual([0, 0, 1, 1, 51, 101, 151]);
  });
});
