import { expect, it } from 'vitest';
import type { TurnEvent } from '../../events.js';
import type { LiveTurnListener, SequencedTurnEvent, TurnOutcome } from '../../services/live-turns.js';
import { type CoordinationNode, eventually } from './harness.js';

function token(text: string): TurnEvent {
  return { type: 'token', content: text };
}

/** A listener that keeps what it hears. */
function recording() {
  const events: SequencedTurnEvent[] = [];
  const ends: TurnOutcome[] = [];
  const listener: LiveTurnListener = {
    event: (event) => events.push(event),
    end: (outcome) => ends.push(outcome),
  };
  return { events, ends, listener, seqs: () => events.map((event) => event.seq) };
}

/** The live-turn log: begun once, numbered, attached from a seq on any node, forgotten after its retention. */
export function liveTurnCases(
  nodes: () => [CoordinationNode, CoordinationNode],
  maxEventsPerTurn: number,
): void {
  it('live turns: a request id is begun once across nodes; its state follows it', async () => {
    const [first, second] = nodes();
    expect(await first.liveTurns.state('key_1', 'once')).toBe('unknown');
    const recorder = await first.liveTurns.begin('key_1', 'once');
    expect(recorder).not.toBeNull();
    expect(await second.liveTurns.begin('key_1', 'once')).toBeNull();
    expect(await second.liveTurns.state('key_1', 'once')).toBe('live');
    // Another owner's turn with the same request id is another turn.
    expect(await second.liveTurns.begin('key_2', 'once')).not.toBeNull();
    recorder?.finish({ ok: true });
    await eventually(async () => expect(await second.liveTurns.state('key_1', 'once')).toBe('finished'));
  });

  it('live turns: a listener on another node gets the kept events, then the live ones, then the end, each once', async () => {
    const [first, second] = nodes();
    const recorder = await first.liveTurns.begin('key_1', 'follow');
    if (!recorder) throw new Error('not begun');
    expect(recorder.record(token('a')).seq).toBe(0);
    expect(recorder.record(token('b')).seq).toBe(1);
    const heard = recording();
    const attachment = await second.liveTurns.attach('key_1', 'follow', 0, heard.listener);
    expect(attachment.state).toBe('live');
    recorder.record(token('c'));
    recorder.record(token('d'));
    recorder.finish({
      ok: false,
      error: { code: 'upstream_error', message: 'provider failed', details: {} },
    });
    await eventually(() => expect(heard.ends).toHaveLength(1));
    expect(heard.seqs()).toEqual([0, 1, 2, 3]);
    expect(heard.events.map(({ event }) => event)).toEqual(['a', 'b', 'c', 'd'].map(token));
    expect(heard.ends[0]).toEqual({
      ok: false,
      error: { code: 'upstream_error', message: 'provider failed', details: {} },
    });
  });

  it('live turns: a listener on the writing node hears each event as it is recorded, without waiting for a round trip', async () => {
    const [first] = nodes();
    const recorder = await first.liveTurns.begin('key_1', 'local');
    if (!recorder) throw new Error('not begun');
    const heard = recording();
    await first.liveTurns.attach('key_1', 'local', 0, heard.listener);
    recorder.record(token('a'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard.seqs()).toEqual([0]);
    recorder.finish({ ok: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(heard.ends).toEqual([{ ok: true }]);
  });

  it('live turns: attaching from a seq replays from there; a finished turn replays and ends at once', async () => {
    const [first, second] = nodes();
    const recorder = await first.liveTurns.begin('key_1', 'resume');
    if (!recorder) throw new Error('not begun');
    for (const text of ['a', 'b', 'c', 'd']) recorder.record(token(text));
    recorder.finish({ ok: true });
    await eventually(async () => expect(await second.liveTurns.state('key_1', 'resume')).toBe('finished'));
    const heard = recording();
    const attachment = await second.liveTurns.attach('key_1', 'resume', 2, heard.listener);
    expect(attachment.state).toBe('finished');
    expect(heard.seqs()).toEqual([2, 3]);
    expect(heard.ends).toEqual([{ ok: true }]);
  });

  it('live turns: unknown for a turn never begun, or asked from a seq no longer kept', async () => {
    const [first, second] = nodes();
    const never = recording();
    expect((await second.liveTurns.attach('key_1', 'never', 0, never.listener)).state).toBe('unknown');
    const recorder = await first.liveTurns.begin('key_1', 'long');
    if (!recorder) throw new Error('not begun');
    const total = maxEventsPerTurn + 2;
    for (let index = 0; index < total; index++) recorder.record(token(String(index)));
    recorder.finish({ ok: true });
    await eventually(async () => expect(await second.liveTurns.state('key_1', 'long')).toBe('finished'));
    const fromStart = recording();
    expect((await second.liveTurns.attach('key_1', 'long', 0, fromStart.listener)).state).toBe('unknown');
    expect(fromStart.events).toEqual([]);
    const fromLast = recording();
    expect((await second.liveTurns.attach('key_1', 'long', total - 1, fromLast.listener)).state).toBe(
      'finished',
    );
    expect(fromLast.seqs()).toEqual([total - 1]);
  });

  it('live turns: a detached listener hears nothing more', async () => {
    const [first, second] = nodes();
    const recorder = await first.liveTurns.begin('key_1', 'detach');
    if (!recorder) throw new Error('not begun');
    const leaving = recording();
    const staying = recording();
    const attachment = await second.liveTurns.attach('key_1', 'detach', 0, leaving.listener);
    await second.liveTurns.attach('key_1', 'detach', 0, staying.listener);
    attachment.detach();
    recorder.record(token('after'));
    recorder.finish({ ok: true });
    await eventually(() => expect(staying.ends).toHaveLength(1));
    expect(leaving.events).toEqual([]);
    expect(leaving.ends).toEqual([]);
  });

  it('live turns: a finished turn is forgotten after its retention, and the request id can begin again', async () => {
    const [first, second] = nodes();
    const recorder = await first.liveTurns.begin('key_1', 'expiring');
    recorder?.record(token('a'));
    recorder?.finish({ ok: true });
    await eventually(async () => expect(await second.liveTurns.state('key_1', 'expiring')).toBe('unknown'));
    expect(await second.liveTurns.begin('key_1', 'expiring')).not.toBeNull();
  });
}
