import type { BusTopic, EventBus } from './event-bus.js';

/** The embedded bus: listeners in this process, called in publish order; one failing listener harms no other. */
export class InProcessEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();

  publish(topic: BusTopic, payload: unknown): void {
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        (listener as (value: unknown) => void)(payload);
      } catch {
        // A listener's failure is its own; the publisher and the other listeners go on.
      }
    }
  }

  subscribe(topic: BusTopic, listener: (payload: never) => void): () => void {
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }
}
