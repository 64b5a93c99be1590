import { randomUUID } from 'node:crypto';
import type {
  LiveTurnAttachment,
  LiveTurnListener,
  LiveTurnLog,
  LiveTurnRecorder,
  LiveTurnState,
} from '@parley/engine';
import type { Redis } from 'ioredis';
import { TurnAttachment, type TurnReader } from './live-turn-attachment.js';
import {
  deleteIfScript,
  entryIdOf,
  eventsOfEntries,
  seqOfEntryId,
  type TurnKeys,
  type TurnMessage,
  type TurnState,
  turnKeys,
} from './live-turn-keys.js';
import { type RecorderSettings, redisRecorder } from './live-turn-recorder.js';
import { redisCall } from './redis-client.js';
import type { Subscriptions } from './subscriptions.js';

export interface RedisLiveTurnSettings extends RecorderSettings {
  /** How often a live follower checks its turn is still there (a writer node that died). */
  checkEveryMs: number;
}

const noAttachment: LiveTurnAttachment = { state: 'unknown', detach() {} };

type Entries = [string, string[]][];

/**
 * The live-turn log on Redis Streams: a turn's events are appended with XADD (trimmed to
 * `maxEventsPerTurn`) and published in one script; `begin` is `SET NX`, so a resent request id is
 * answered once whichever node gets it; a listener on any node replays with XRANGE and follows the
 * turn's channel. A finished turn's keys expire after the retention, a live one's shortly after
 * its writer stops (a killed node). 503 `unavailable` while Redis is unreachable.
 */
export class RedisLiveTurnLog implements LiveTurnLog {
  /** This node's listeners, by turn channel: they hear this node's turns at once, others' through Redis. */
  private readonly attachments = new Map<string, Set<TurnAttachment>>();

  constructor(
    private readonly client: Redis,
    private readonly subscriptions: Subscriptions,
    private readonly prefix: string,
    private readonly settings: RedisLiveTurnSettings,
  ) {
    subscriptions.onReconnect(() => this.catchUpAll());
    const check = setInterval(() => this.catchUpAll(), settings.checkEveryMs);
    check.unref();
  }

  async begin(owner: string, requestId: string): Promise<LiveTurnRecorder | null> {
    const keys = turnKeys(this.prefix, owner, requestId);
    const state = JSON.stringify({ s: 'live', w: randomUUID() } satisfies TurnState);
    const begun = await redisCall(() =>
      this.client.set(keys.state, state, 'PX', this.settings.liveTtlMs, 'NX'),
    ).catch((error: unknown) => {
      // Timed out (Redis stuck), the SET may still run when Redis answers: taken back right after
      // it on the same connection, or the request id would look live, with nobody writing, for a TTL.
      this.client.eval(deleteIfScript, 1, keys.state, state).catch(() => {});
      throw error;
    });
    if (begun !== 'OK') return null;
    return redisRecorder(this.client, keys, this.settings, (message) => {
      for (const attachment of this.attachments.get(keys.channel) ?? []) attachment.receive(message);
    });
  }

  async state(owner: string, requestId: string): Promise<LiveTurnState> {
    const state = await this.readState(turnKeys(this.prefix, owner, requestId));
    if (!state) return 'unknown';
    return state.s === 'live' ? 'live' : 'finished';
  }

  async attach(
    owner: string,
    requestId: string,
    fromSeq: number,
    listener: LiveTurnListener,
  ): Promise<LiveTurnAttachment> {
    const keys = turnKeys(this.prefix, owner, requestId);
    let unsubscribe = () => {};
    const attachment = new TurnAttachment(
      listener,
      fromSeq,
      this.reader(keys),
      () => {
        const set = this.attachments.get(keys.channel);
        set?.delete(attachment);
        if (set?.size === 0) this.attachments.delete(keys.channel);
        unsubscribe();
      },
      this.settings.onError,
    );
    // Subscribed before reading, so nothing published in between is missed (duplicates are dropped by seq).
    unsubscribe = await this.subscriptions.add(keys.channel, (message) => {
      attachment.receive(JSON.parse(message) as TurnMessage);
    });
    const local = this.attachments.get(keys.channel) ?? new Set();
    local.add(attachment);
    this.attachments.set(keys.channel, local);
    try {
      const snapshot = await this.snapshot(keys, fromSeq);
      if (!snapshot || fromSeq < snapshot.firstKept) {
        attachment.close();
        return noAttachment;
      }
      attachment.replay(snapshot.events);
      if (snapshot.state.s === 'finished') {
        attachment.end(snapshot.state.o);
        return { state: 'finished', detach() {} };
      }
      attachment.goLive();
      return { state: 'live', detach: () => attachment.close() };
    } catch (error) {
      attachment.close();
      throw error;
    }
  }

  private catchUpAll(): void {
    for (const set of this.attachments.values()) for (const attachment of set) attachment.catchUp();
  }

  /** The state, the first kept seq and the events from `fromSeq`, read at one instant. */
  private async snapshot(keys: TurnKeys, fromSeq: number) {
    const replies = await redisCall(() =>
      this.client
        .multi()
        .get(keys.state)
        .xrange(keys.events, '-', '+', 'COUNT', 1)
        .xrange(keys.events, entryIdOf(Math.max(0, fromSeq)), '+')
        .exec(),
    );
    const [stateReply, firstReply, eventsReply] = (replies ?? []).map(([error, value]) => {
      if (error) throw error;
      return value;
    });
    if (typeof stateReply !== 'string') return null;
    const state = JSON.parse(stateReply) as TurnState;
    const [first] = firstReply as Entries;
    const firstKept = first ? seqOfEntryId(first[0]) : state.s === 'finished' ? state.last + 1 : 0;
    return { state, firstKept, events: eventsOfEntries(eventsReply as Entries) };
  }

  private reader(keys: TurnKeys): TurnReader {
    return {
      state: () => this.readState(keys),
      after: async (lastSeq, uptoSeq) => {
        const start = lastSeq >= 0 ? `(${entryIdOf(lastSeq)}` : '-';
        const end = uptoSeq === undefined ? '+' : entryIdOf(uptoSeq);
        const entries = await redisCall(() => this.client.xrange(keys.events, start, end));
        return eventsOfEntries(entries);
      },
    };
  }

  private async readState(keys: TurnKeys): Promise<TurnState | null> {
    const value = await redisCall(() => this.client.get(keys.state));
    return value === null ? null : (JSON.parse(value) as TurnState);
  }
}
