import { forEachPage } from '../store/each-page.js';
import { takeNewRecord } from '../store/new-records.js';
import {
  addRecord,
  type Collections,
  put,
  removeWhere,
  type Store,
  type WriteOperation,
} from '../store/store.js';
import type { MessageRecord, SessionRecord } from '../types.js';
import { yieldToEventLoop } from '../util/event-loop-slices.js';

import { KeyedMutex } from '../util/keyed-mutex.js';
import {
  applyChange,
  applyLatencyChange,
  type BucketChanges,
  countMessage,
  countSession,
  latencyChanges,
  mergeChange,
} from './analytics-counts.js';

/** The setting that says every app's buckets were counted from its stored records. */
export const analyticsBackfillSetting = 'analytics_buckets';

type Counted = SessionRecord | MessageRecord;

/** A backfill under way for one app: what changed since it began. */
interface Backfill {
  /** Records written since: the version stored when the backfill began (null: there was none). */
  originals: Map<string, Counted | null>;
  /** The bucket changes written since. */
  changes: BucketChanges;
}

const recordsPerSlice = 500;

function countRecord(
  changes: BucketChanges,
  collection: 'sessions' | 'messages',
  record: Counted,
  sign: 1 | -1,
) {
  if (collection === 'sessions') countSession(changes, record as SessionRecord, sign);
  else countMessage(changes, record as MessageRecord, sign);
}

function countedPut(
  operation: WriteOperation,
): { collection: 'sessions' | 'messages'; record: Counted } | null {
  if (operation.type !== 'put') return null;
  if (operation.collection === 'sessions') return { collection: 'sessions', record: operation.record };
  if (operation.collection === 'messages' && operation.record.app_id !== null)
    return { collection: 'messages', record: operation.record };
  return null;
}

/**
 * The writes that apply `changes` to the hour counters and the latency bands: `add` (counted by the
 * store on top of what it holds, without a read: right on several nodes too), or `put` of the
 * changes as whole records (a backfill, after removing the app's buckets).
 */
function bucketWrites(changes: BucketChanges, as: 'add' | 'put'): WriteOperation[] {
  const operations: WriteOperation[] = [];
  for (const [, change] of changes) {
    const bucket = applyChange(undefined, change);
    if (bucket)
      operations.push(
        as === 'add' ? addRecord('analytics_buckets', bucket) : put('analytics_buckets', bucket),
      );
    for (const [bandId, latencies] of latencyChanges(change)) {
      const band = applyLatencyChange(undefined, bandId, change, latencies);
      if (!band) continue;
      operations.push(
        as === 'add'
          ? addRecord('analytics_latencies', band, 'latency_ms')
          : put('analytics_latencies', band),
      );
    }
  }
  return operations;
}

/**
 * Keeps `analytics_buckets` (per app and hour) and `analytics_latencies` (per hour and
 * 100 ms band) true as sessions and messages are written: every write that puts one
 * adds, in the same batch, what it changes (the new version counted, the one it
 * replaces taken away), so a rating turned from up to down moves the count. Deleting
 * history leaves the counts as they were: a report still covers the past. The change
 * goes to the store as an `add` (no bucket is read: the store adds it to what it holds,
 * in SQL on PostgreSQL, so the counts of several nodes add up). One app's writes are
 * counted one at a time, each replaced version read as the last write left it (also
 * while the store has not applied it yet).
 *
 * A data folder from before the buckets is counted once (`backfill`), app by app, in
 * slices that yield; reports wait for it.
 */
export class AnalyticsLedger {
  private readonly locks = new KeyedMutex();
  private readonly backfills = new Map<string, Backfill>();
  private backfillRun: Promise<void> | null = null;
  /** Records and buckets handed to the store and not yet applied, by `<collection>:<id>`. */
  private readonly inFlight = new Map<string, unknown>();
  /** Per app, the counted writes handed to the store and not yet applied. */
  private readonly writesInFlight = new Map<string, Set<Promise<void>>>();
  private stopping = false;

  constructor(private readonly store: Store) {}

  async write(operations: WriteOperation[]): Promise<void> {
    const appIds = new Set<string>();
    for (const operation of operations) {
      const counted = countedPut(operation);
      if (counted?.record.app_id) appIds.add(counted.record.app_id);
    }
    if (appIds.size === 0) return this.store.write(operations);
    const sorted = [...appIds].sort();
    // The lock covers counting and handing the batch to the store, not waiting for it to be
    // durable: the store applies batches in the order it is given them, so one app's writes
    // still go out together (group commit) while each is counted on top of the one before.
    const { written } = await this.underLocks(sorted, () => this.countAndWrite(operations, sorted));
    return written;
  }

  private async underLocks<T>(appIds: string[], task: () => Promise<T>): Promise<T> {
    const [first, ...rest] = appIds;
    if (first === undefined) return task();
    return this.locks.run(first, () => this.underLocks(rest, task));
  }

  /** The latest version of a record: handed to the store and not yet applied, or stored. */
  private async latest<C extends 'sessions' | 'messages'>(
    collection: C,
    id: string,
  ): Promise<Collections[C] | undefined> {
    const key = `${collection}:${id}`;
    if (this.inFlight.has(key)) return this.inFlight.get(key) as Collections[C];
    return this.store.get(collection, id);
  }

  /** Resolves once the writes of the app handed to the store so far are applied (or failed). */
  private async settled(appId: string): Promise<void> {
    await Promise.all([...(this.writesInFlight.get(appId) ?? [])]);
  }

  private async countAndWrite(
    operations: WriteOperation[],
    appIds: string[],
  ): Promise<{ written: Promise<void> }> {
    const changes: BucketChanges = new Map();
    const latest = new Map<string, Counted | undefined>();
    const replaced: { key: string; app_id: string | null; previous: Counted | null }[] = [];
    for (const operation of operations) {
      const counted = countedPut(operation);
      if (!counted) continue;
      const key = `${counted.collection}:${counted.record.id}`;
      // A record the engine just made is written for the first time: nothing to read.
      const previous = latest.has(key)
        ? latest.get(key)
        : takeNewRecord(counted.record)
          ? undefined
          : await this.latest(counted.collection, counted.record.id);
      if (!latest.has(key)) replaced.push({ key, app_id: counted.record.app_id, previous: previous ?? null });
      if (previous) countRecord(changes, counted.collection, previous, -1);
      countRecord(changes, counted.collection, counted.record, 1);
      latest.set(key, counted.record);
    }
    const handed = new Map<string, unknown>(latest);
    const bucketOperations = bucketWrites(changes, 'add');
    for (const entry of replaced) {
      const backfill = this.backfills.get(entry.app_id ?? '');
      if (backfill && !backfill.originals.has(entry.key)) backfill.originals.set(entry.key, entry.previous);
    }
    for (const [id, change] of changes) {
      const backfill = this.backfills.get(change.app_id);
      if (!backfill) continue;
      const known = backfill.changes.get(id);
      if (known) mergeChange(known, change);
      else backfill.changes.set(id, structuredClone(change));
    }
    for (const [key, record] of handed) this.inFlight.set(key, record);
    const written = this.store.write([...operations, ...bucketOperations]);
    const done: Promise<void> = written
      .catch(() => undefined)
      .then(() => {
        for (const [key, record] of handed) if (this.inFlight.get(key) === record) this.inFlight.delete(key);
        for (const appId of appIds) {
          const pending = this.writesInFlight.get(appId);
          pending?.delete(done);
          if (pending?.size === 0) this.writesInFlight.delete(appId);
        }
      });
    for (const appId of appIds) {
      const pending = this.writesInFlight.get(appId) ?? new Set<Promise<void>>();
      pending.add(done);
      this.writesInFlight.set(appId, pending);
    }
    return { written };
  }

  /** Resolves once every app's buckets hold its stored history (at once, unless a backfill is due). */
  ready(): Promise<void> {
    this.backfillRun ??= this.backfill().catch((error: unknown) => {
      this.backfillRun = null;
      throw error;
    });
    return this.backfillRun;
  }

  /** Stops a backfill under way (it starts over on the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.backfillRun?.catch(() => undefined);
  }

  private async backfill(): Promise<void> {
    if (await this.store.get('settings', analyticsBackfillSetting)) return;
    for (const app of await this.store.all('apps')) {
      if (this.stopping) return;
      await this.backfillApp(app.id);
    }
    if (this.stopping) return;
    await this.store.write([put('settings', { id: analyticsBackfillSetting, value: { version: 1 } })]);
  }

  /**
   * Counts one app's stored records into fresh buckets. The records are read in slices while
   * turns go on: a record written meanwhile is counted as it was when the count began, and
   * what the writes since then changed is added at the end, under the app's lock.
   */
  private async backfillApp(appId: string): Promise<void> {
    const backfill: Backfill = { originals: new Map(), changes: new Map() };
    await this.locks.run(appId, async () => {
      await this.settled(appId);
      this.backfills.set(appId, backfill);
    });
    try {
      const changes: BucketChanges = new Map();
      const countAsAtStart = (collection: 'sessions' | 'messages', record: Counted) => {
        const key = `${collection}:${record.id}`;
        const original = backfill.originals.has(key) ? backfill.originals.get(key) : record;
        if (original) countRecord(changes, collection, original, 1);
      };
      let counted = 0;
      // In pages: a session written since the start is counted as it was then (not at all if
      // new). Sessions are deleted only with their app (then nothing is written below) or by
      // the retention, which waits for this count, so none goes missing between two pages.
      await forEachPage(this.store, 'sessions', { app_id: appId }, async (sessions) => {
        for (const session of sessions) {
          countAsAtStart('sessions', session);
          for (const message of await this.store.all('messages', { thread_id: session.id })) {
            if (message.app_id === appId) countAsAtStart('messages', message);
          }
          counted += 1 + session.message_count;
          if (counted >= recordsPerSlice) {
            counted = 0;
            await yieldToEventLoop();
            if (this.stopping) return false;
          }
        }
        return !this.stopping;
      });
      if (this.stopping) return;
      await this.locks.run(appId, async () => {
        await this.settled(appId);
        if (!(await this.store.get('apps', appId))) return;
        for (const [id, change] of backfill.changes) {
          const known = changes.get(id);
          if (known) mergeChange(known, change);
          else changes.set(id, change);
        }
        const operations: WriteOperation[] = [
          removeWhere('analytics_buckets', { app_id: appId }),
          removeWhere('analytics_latencies', { app_id: appId }),
          ...bucketWrites(changes, 'put'),
        ];
        await this.store.write(operations);
      });
    } finally {
      this.backfills.delete(appId);
    }
  }
}
