import type { EventBus } from '../../bus/event-bus.js';
import type { Dedupe } from '../../coordination/dedupe.js';
import type { LiveTurnLog } from '../../coordination/live-turn-log.js';
import type { Locks } from '../../coordination/locks.js';

/** One node's coordination: what an engine takes as options. */
export interface CoordinationNode {
  bus: EventBus;
  locks: Locks;
  liveTurns: LiveTurnLog;
  dedupe: Dedupe;
}

export interface CoordinationSettings {
  /** How long a finished live turn is kept. */
  retentionMs: number;
  /** Events kept per live turn (the oldest go past it). */
  maxEventsPerTurn: number;
}

/**
 * Two nodes on one shared backend, as two server processes on one Redis would have. The in-process
 * implementation has a single node, so it gives the same one twice.
 */
export interface CoordinationHarness {
  open(settings: CoordinationSettings): Promise<[CoordinationNode, CoordinationNode]>;
  /** Closes what `open` made and removes what it stored (its key prefix). */
  close(): Promise<void>;
}

/** Waits (polling) until `check` passes; fails with its last error after `timeoutMs`. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
