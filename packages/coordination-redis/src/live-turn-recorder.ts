import type { LiveTurnRecorder, SequencedTurnEvent, TurnEvent, TurnOutcome } from '@parley/engine';
import type { Redis } from 'ioredis';
import {
  appendScript,
  entryIdOf,
  finishScript,
  keepAliveScript,
  type TurnKeys,
  type TurnMessage,
  type TurnState,
} from './live-turn-keys.js';
import { redisCall } from './redis-client.js';

export interface RecorderSettings {
  maxEventsPerTurn: number;
  retentionMs: number;
  /** A live turn's keys expire this long after its last sign of life. */
  liveTtlMs: number;
  onError: (error: unknown, what: string) => void;
}

/**
 * Where one running turn reports to: it numbers the events itself (it is the turn's only writer)
 * and sends each write at once, in order on the one connection, without making the turn wait. A finish that
 * Redis refused is tried again for a while, so listeners on other nodes hear the end.
 */
export function redisRecorder(
  client: Redis,
  keys: TurnKeys,
  settings: RecorderSettings,
  /** Told each message at once: this node's listeners hear the turn as it happens, as in process. */
  onMessage: (message: TurnMessage) => void,
): LiveTurnRecorder {
  let nextSeq = 0;
  let finished = false;
  const keepAlive = setInterval(() => {
    redisCall(() => client.eval(keepAliveScript, 2, keys.events, keys.state, settings.liveTtlMs)).catch(
      (error: unknown) => settings.onError(error, 'keep a live turn'),
    );
  }, settings.liveTtlMs / 3);
  keepAlive.unref();
  // Sent at once: one connection keeps them in order (pipelined), so a turn never waits for a round trip.
  const send = (write: () => Promise<unknown>, what: string) => {
    write().catch((error: unknown) => settings.onError(error, what));
  };

  return {
    record(event: TurnEvent): SequencedTurnEvent {
      const sequenced = { seq: nextSeq++, event };
      if (finished) return sequenced;
      const message: TurnMessage = { k: 'e', seq: sequenced.seq, e: event };
      onMessage(message);
      send(
        () =>
          redisCall(() =>
            client.eval(
              appendScript,
              2,
              keys.events,
              keys.state,
              entryIdOf(sequenced.seq),
              settings.maxEventsPerTurn,
              JSON.stringify(event),
              settings.liveTtlMs,
              keys.channel,
              JSON.stringify(message),
            ),
          ),
        'record a turn event',
      );
      return sequenced;
    },
    finish(outcome: TurnOutcome): void {
      if (finished) return;
      finished = true;
      clearInterval(keepAlive);
      const last = nextSeq - 1;
      const state: TurnState = { s: 'finished', o: outcome, last };
      const message: TurnMessage = { k: 'end', last, o: outcome };
      onMessage(message);
      const write = () =>
        client.eval(
          finishScript,
          2,
          keys.events,
          keys.state,
          JSON.stringify(state),
          settings.retentionMs,
          keys.channel,
          JSON.stringify(message),
        );
      send(() => retrying(write, settings.liveTtlMs), 'finish a turn');
    },
  };
}

/** Tries `write` until it succeeds or `forMs` passed (the live turn's keys are gone by then). */
async function retrying(write: () => Promise<unknown>, forMs: number): Promise<void> {
  const deadline = Date.now() + forMs;
  let delay = 100;
  for (;;) {
    try {
      await redisCall(write);
      return;
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(delay * 2, 2_000);
    }
  }
}
