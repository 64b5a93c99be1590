import type { SequencedTurnEvent, TurnEvent, TurnOutcome } from '@parley/engine';

/**
 * One turn's keys, hash-tagged `{turn:<owner>:<request id>}` so a Redis Cluster keeps them on one
 * slot: its events (a stream whose entry ids are `<seq>-1`, so a seq is a cursor), its state and
 * the channel its live events are published on.
 */
export interface TurnKeys {
  events: string;
  state: string;
  channel: string;
}

export function turnKeys(prefix: string, owner: string, requestId: string): TurnKeys {
  const tag = `{turn:${encodeURIComponent(owner)}:${encodeURIComponent(requestId)}}`;
  return {
    events: `${prefix}${tag}:events`,
    state: `${prefix}${tag}:state`,
    channel: `${prefix}${tag}:live`,
  };
}

/** The stream entry id of a seq (ids must be above 0-0). */
export function entryIdOf(seq: number): string {
  return `${seq}-1`;
}

export function seqOfEntryId(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

/**
 * What a turn's state key holds. `w`: the writer that began it (so a begin that timed out can take
 * back only its own). `last`: the last seq recorded (-1: none).
 */
export type TurnState = { s: 'live'; w?: string } | { s: 'finished'; o: TurnOutcome; last: number };

/** What is published on a turn's channel. */
export type TurnMessage = { k: 'e'; seq: number; e: TurnEvent } | { k: 'end'; last: number; o: TurnOutcome };

/** Stream entries (`XRANGE` replies) as sequenced events. */
export function eventsOfEntries(entries: [string, string[]][]): SequencedTurnEvent[] {
  return entries.map(([id, fields]) => ({ seq: seqOfEntryId(id), event: JSON.parse(fields[1] ?? 'null') }));
}

/**
 * Appends one event: XADD (trimmed to MAXLEN), the turn's keys kept alive, the event published,
 * all in one step. KEYS: events, state. ARGV: entry id, max events, event, ttl ms, channel, message.
 */
export const appendScript = `
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[2], ARGV[1], 'e', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1`;

/**
 * Finishes a turn: its state (with the outcome) and events kept for the retention, the end
 * published. KEYS: events, state. ARGV: state, retention ms, channel, message.
 */
export const finishScript = `
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

/** Keeps a live turn's keys while it runs (a node that dies lets them expire). KEYS: events, state. ARGV: ttl ms. */
export const keepAliveScript = `
if redis.call('PEXPIRE', KEYS[2], ARGV[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) return 1 end
return 0`;

/** Deletes a key only while it still holds the given value. KEYS: key. ARGV: value. */
export const deleteIfScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
