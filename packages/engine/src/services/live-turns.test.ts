import { describe, expect, it } from 'vitest';
import type { TurnEvent } from '../events.js';
import {
  type LiveTurnListener,
  LiveTurns,
  type LiveTurnsOptions,
  type SequencedTurnEvent,
  type TurnOutcome,
} from './live-turns.js';

function manualClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(milliseconds: number) {
      now += milliseconds;
    },
  };
}

/** A listener that writes down what it hears. */
function recorder() {
  const events: SequencedTurnEvent[] = [];
  const outcomes: TurnOutcome[] = [];
  const listener: LiveTurnListener = {
    event: (event) => events.push(event),
    end: (outcome) => outcomes.push(outcome),
  };
  return { listener, events, outcomes, seqs: () => events.map((event) => event.seq) };
}

const token = (content: string): TurnEvent => ({ type: 'token', content });

function registry(options: LiveTurnsOptions = {}) {
  const clock = manualClock();
  return { clock, turns: new LiveTurns(clock, options) };
}

describe('LiveTurns', () => {
  it('numbers events and replays them from any seq, then follows the turn live to its end', () => {
    const { turns } = registry();
    const turn = turns.begin('key_a', 'request-1');
    expect(turn).not.toBeNull();
    expect(turn?.record({ type: 'start', trace_id: 'trace_1', session_id: 'sess_1' }).seq).toBe(0);
    turn?.record(token('Hello'));
    turn?.record(token(' there'));

    const late = recorder();
    const attachment = turns.attach('key_a', 'request-1', 2, late.listener);
    expect(attachment.state).toBe('live');
    expect(late.seqs()).toEqual([2]);
    turn?.record(token('!'));
    turn?.record({
      type: 'done',
      usage: { input_tokens: 0, output_tokens: 0 },
      agent: 'Agent',
      agent_id: 'agent_a',
      tools_used: [],
      trace_id: 'trace_a',
      message_id: null,
    });
    turn?.finish({ ok: true });
    expect(late.seqs()).toEqual([2, 3, 4]);
    expect(late.outcomes).toEqual([{ ok: true }]);
    expect(turns.state('key_a', 'request-1')).toBe('finished');

    const replay = recorder();
    expect(turns.attach('key_a', 'request-1', 0, replay.listener).state).toBe('finished');
    expect(replay.seqs()).toEqual([0, 1, 2, 3, 4]);
    expect(replay.outcomes).toEqual([{ ok: true }]);
  });

  it('refuses a second turn with the same request id for the same owner, not for another owner', () => {
    const { turns } = registry();
    expect(turns.begin('key_a', 'request-1')).not.toBeNull();
    expect(turns.begin('key_a', 'request-1')).toBeNull();
    expect(turns.begin('key_b', 'request-1')).not.toBeNull();
  });

  it("keeps one owner's turns from another", () => {
    const { turns } = registry();
    turns.begin('key_a', 'request-1')?.record(token('secret'));
    const stranger = recorder();
    expect(turns.attach('key_b', 'request-1', 0, stranger.listener).state).toBe('unknown');
    expect(turns.state('key_b', 'request-1')).toBe('unknown');
    expect(stranger.events).toEqual([]);
  });

  it('stops telling a listener once it detaches', () => {
    const { turns } = registry();
    const turn = turns.begin('key_a', 'request-1');
    const listener = recorder();
    const attachment = turns.attach('key_a', 'request-1', 0, listener.listener);
    turn?.record(token('one'));
    attachment.detach();
    turn?.record(token('two'));
    turn?.finish({ ok: true });
    expect(listener.seqs()).toEqual([0]);
    expect(listener.outcomes).toEqual([]);
  });

  it('keeps a failed turn with its outcome', () => {
    const { turns } = registry();
    const turn = turns.begin('key_a', 'request-1');
    const failure: TurnOutcome = {
      ok: false,
      error: { code: 'upstream_error', message: 'The model provider failed', details: {} },
    };
    turn?.record({ type: 'error', error: { code: 'upstream_error', message: 'The model provider failed' } });
    turn?.finish(failure);
    const replay = recorder();
    turns.attach('key_a', 'request-1', 0, replay.listener);
    expect(replay.outcomes).toEqual([failure]);
    expect(replay.events[0]?.event.type).toBe('error');
  });

  it('forgets finished turns after the retention, and live turns never', () => {
    const { clock, turns } = registry({ retentionMs: 60_000 });
    const finished = turns.begin('key_a', 'finished');
    finished?.finish({ ok: true });
    turns.begin('key_a', 'live');
    clock.advance(59_999);
    expect(turns.state('key_a', 'finished')).toBe('finished');
    clock.advance(1);
    expect(turns.state('key_a', 'finished')).toBe('unknown');
    expect(turns.state('key_a', 'live')).toBe('live');
    expect(turns.size).toBe(1);
    // Forgotten: the request id may be used again.
    expect(turns.begin('key_a', 'finished')).not.toBeNull();
  });

  it('keeps the last events of a very long turn, and resumes only from those', () => {
    const { turns } = registry({ maxEventsPerTurn: 8 });
    const turn = turns.begin('key_a', 'long');
    for (let index = 0; index < 20; index++) turn?.record(token(`t${index}`));
    const early = recorder();
    expect(turns.attach('key_a', 'long', 0, early.listener).state).toBe('unknown');
    expect(early.events).toEqual([]);
    const late = recorder();
    expect(turns.attach('key_a', 'long', 17, late.listener).state).toBe('live');
    expect(late.seqs()).toEqual([17, 18, 19]);
    expect(late.events.map((event) => (event.event.type === 'token' ? event.event.content : ''))).toEqual([
      't17',
      't18',
      't19',
    ]);
  });

  it('drops the oldest finished turns past the number of turns or of events it may keep', () => {
    const { turns } = registry({ maxTurns: 2, maxEvents: 10 });
    const live = turns.begin('key_a', 'live');
    for (const name of ['first', 'second', 'third']) {
      const turn = turns.begin('key_a', name);
      turn?.record(token(name));
      turn?.finish({ ok: true });
    }
    expect(turns.state('key_a', 'first')).toBe('unknown');
    expect(turns.state('key_a', 'second')).toBe('finished');
    expect(turns.state('key_a', 'third')).toBe('finished');

    for (let index = 0; index < 9; index++) live?.record(token(`t${index}`));
    expect(turns.state('key_a', 'second')).toBe('unknown');
    expect(turns.state('key_a', 'third')).toBe('finished');
    expect(turns.state('key_a', 'live')).toBe('live');
  });

  it('replays nothing from a seq past the end and follows on from there', () => {
    const { turns } = registry();
    const turn = turns.begin('key_a', 'request-1');
    turn?.record(token('a'));
    const ahead = recorder();
    expect(turns.attach('key_a', 'request-1', 1, ahead.listener).state).toBe('live');
    expect(ahead.events).toEqual([]);
    turn?.record(token('b'));
    expect(ahead.seqs()).toEqual([1]);
  });
});
