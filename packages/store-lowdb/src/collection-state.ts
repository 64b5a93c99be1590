import {
  type CollectionName,
  type Collections,
  indexedFields,
  invalidRequest,
  type Page,
} from '@parley/engine';
import { deepFreeze } from './deep-freeze.js';
import { lowestBelow } from './lowest-below.js';
import { firstAbove, insertSorted, lastBelow } from './sorted-slots.js';

export type AnyRecord = { id: string } & Record<string, unknown>;

type Conditions = [field: string, value: string][];

/** The ascending slots of the records holding one value (some may be stale: see `unindex`), and how many are not. */
interface Bucket {
  slots: number[];
  live: number;
  /** The value itself: records read from disk share this one string instead of each holding a copy. */
  value: string;
}

/** One empty list shared by every record read from disk (JSON.parse makes a new one for each `[]`). */
const emptyList: readonly never[] = Object.freeze([]);

/**
 * Makes a record just read from disk (not yet handed out, so not frozen)
 * lighter: its empty lists become one shared frozen list.
 */
function slim(record: AnyRecord): void {
  for (const key in record) {
    const value = record[key];
    if (Array.isArray(value) && value.length === 0) record[key] = emptyList;
  }
}

/** Renumber the slots once this many are empty and they are more than half of all slots. */
const renumberAfterHoles = 1_024;

/**
 * One collection held in memory. Each record has a slot, given in creation
 * order and kept when the record is replaced, so a slot number is its place in
 * every list. An index maps each value of an indexed field to the ascending
 * slots holding it (plain arrays of small integers: a few bytes a record, no
 * per-record objects), so a cursor is found by binary search and a list is
 * always in creation order, even after a field changed. Deleting leaves an
 * empty slot; the slots are renumbered once more than half are empty, so all
 * of this costs amortized O(1) a write.
 *
 * Records are frozen (with everything inside them) the first time they are
 * handed out, not when loaded, so a start does not pay to freeze records that
 * are never read; what a caller holds can never be changed.
 *
 * A snapshot's records are only appended at load (`load`): the map of ids and
 * the index lists are built afterwards (`indexSome`, in slices the store runs
 * between turns of the event loop once it is open), and every read or write
 * first finishes whatever is left (`ready`), so an answer is never built from
 * a half-built index.
 */
export class CollectionState {
  private slots: (AnyRecord | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly indexes = new Map<string, Map<string, Bucket>>();
  /** The same indexes as a list, for the loop of every put. */
  private readonly indexList: { field: string; index: Map<string, Bucket> }[] = [];
  private holes = 0;
  /** The slots below this one are in `slotOf` and the indexes; those from it on were loaded and await `indexSome`. */
  private indexedUpTo = 0;

  constructor(readonly name: CollectionName) {
    for (const field of indexedFields[name]) {
      const index = new Map<string, Bucket>();
      this.indexes.set(field, index);
      this.indexList.push({ field, index });
    }
  }

  get size(): number {
    return this.slotOf.size + (this.slots.length - this.indexedUpTo);
  }

  /** How many loaded records are not indexed yet. */
  get unindexed(): number {
    return this.slots.length - this.indexedUpTo;
  }

  /**
   * Appends a record read from a snapshot, whose ids are unique and in
   * creation order, without indexing it (see `indexSome`). An indexed value
   * equal to the previous record's (the messages of one thread are mostly
   * stored together) becomes that same string, so the copy JSON.parse made
   * dies young instead of being kept (~80 MiB less heap at 1M messages).
   */
  load(record: AnyRecord): void {
    slim(record);
    const previous = this.slots[this.slots.length - 1];
    if (previous !== undefined) {
      const indexList = this.indexList;
      for (let position = 0; position < indexList.length; position += 1) {
        const field = (indexList[position] as { field: string }).field;
        const value = previous[field];
        if (typeof value === 'string' && value === record[field]) record[field] = value;
      }
    }
    this.slots.push(record);
  }

  /**
   * Indexes up to `budget` loaded records (in slot order, so each index list
   * stays ascending by appending); true once none is left.
   */
  indexSome(budget: number): boolean {
    const end = Math.min(this.slots.length, this.indexedUpTo + budget);
    const indexList = this.indexList;
    for (let slot = this.indexedUpTo; slot < end; slot += 1) {
      const record = this.slots[slot] as AnyRecord;
      this.slotOf.set(record.id, slot);
      const shareValues = !Object.isFrozen(record);
      for (let position = 0; position < indexList.length; position += 1) {
        const { field, index } = indexList[position] as { field: string; index: Map<string, Bucket> };
        const value = record[field];
        if (typeof value !== 'string') continue;
        const bucket = index.get(value);
        if (bucket) {
          bucket.slots.push(slot);
          bucket.live += 1;
          if (shareValues) record[field] = bucket.value;
        } else index.set(value, { slots: [slot], live: 1, value });
      }
    }
    this.indexedUpTo = end;
    return end === this.slots.length;
  }

  /**
   * Finishes indexing the loaded records: every method that reads or changes
   * the ids or the indexes calls this first (reading every record in slot
   * order needs neither).
   */
  private ready(): void {
    if (this.indexedUpTo < this.slots.length) this.indexSome(this.slots.length);
  }

  /** The stored record, frozen, or undefined. */
  get(id: string): AnyRecord | undefined {
    this.ready();
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : handOut(this.slots[slot]);
  }

  /** Every record in creation order, as stored (not frozen: for the snapshot writer only). */
  *records(): Generator<AnyRecord> {
    for (const record of this.slots) if (record !== undefined) yield record;
  }

  put(record: AnyRecord): void {
    this.ready();
    const slot = this.slotOf.get(record.id);
    const fresh = !Object.isFrozen(record);
    if (fresh) slim(record);
    if (slot === undefined) {
      const newSlot = this.slots.length;
      this.slots.push(record);
      this.slotOf.set(record.id, newSlot);
      this.indexedUpTo = this.slots.length;
      for (let position = 0; position < this.indexList.length; position += 1) {
        const { field, index } = this.indexList[position] as { field: string; index: Map<string, Bucket> };
        const value = record[field];
        if (typeof value !== 'string') continue;
        const bucket = index.get(value);
        if (bucket) {
          bucket.slots.push(newSlot);
          bucket.live += 1;
          if (fresh) record[field] = bucket.value;
        } else index.set(value, { slots: [newSlot], live: 1, value });
      }
      return;
    }
    const previous = this.slots[slot] as AnyRecord;
    this.slots[slot] = record;
    for (const [field, index] of this.indexes) {
      const oldValue = previous[field];
      const newValue = record[field];
      if (oldValue === newValue) continue;
      if (typeof oldValue === 'string') this.unindex(field, index, oldValue);
      if (typeof newValue === 'string') {
        const bucket = index.get(newValue);
        if (bucket) {
          insertSorted(bucket.slots, slot);
          bucket.live += 1;
          if (fresh) record[field] = bucket.value;
        } else index.set(newValue, { slots: [slot], live: 1, value: newValue });
      }
    }
  }

  delete(id: string): void {
    this.ready();
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const previous = this.slots[slot] as AnyRecord;
    this.slots[slot] = undefined;
    this.slotOf.delete(id);
    for (const [field, index] of this.indexes) {
      const value = previous[field];
      if (typeof value === 'string') this.unindex(field, index, value);
    }
    this.holes += 1;
    if (this.holes > renumberAfterHoles && this.holes * 2 > this.slots.length) this.renumber();
  }

  /**
   * A record left this value (the slot already holds its new state): its
   * entry stays in the list, skipped by every scan, until stale entries
   * outnumber live ones and the list is filtered (so a delete never moves a
   * long list, and each entry is filtered out once).
   */
  private unindex(field: string, index: Map<string, Bucket>, value: string): void {
    const bucket = index.get(value);
    if (!bucket) return;
    bucket.live -= 1;
    if (bucket.live === 0) index.delete(value);
    else if (bucket.slots.length > 2 * bucket.live + 16) {
      bucket.slots = bucket.slots.filter((slot) => this.slots[slot]?.[field] === value);
    }
  }

  /** Closes the empty slots; every index keeps its order because renumbering keeps the order of slots. */
  private renumber(): void {
    const newSlotOf = new Int32Array(this.slots.length);
    const compacted: AnyRecord[] = [];
    for (let slot = 0; slot < this.slots.length; slot += 1) {
      const record = this.slots[slot];
      if (record === undefined) continue;
      newSlotOf[slot] = compacted.length;
      this.slotOf.set(record.id, compacted.length);
      compacted.push(record);
    }
    for (const [field, index] of this.indexes) {
      for (const [value, bucket] of index) {
        const live: number[] = [];
        for (const slot of bucket.slots) {
          if (this.slots[slot]?.[field] === value) live.push(newSlotOf[slot] as number);
        }
        bucket.slots = live;
      }
    }
    this.slots = compacted;
    this.indexedUpTo = compacted.length;
    this.holes = 0;
  }

  private conditions(where: Record<string, string | undefined> = {}): Conditions {
    const conditions = Object.entries(where).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    for (const [field] of conditions) {
      if (!this.indexes.has(field)) throw new Error(`${this.name}.${field} is not indexed`);
    }
    return conditions;
  }

  /** The ascending slots to look through: the smallest index list of the conditions, or null for every slot. */
  private candidates(conditions: Conditions): number[] | null {
    if (conditions.length === 0) return null;
    this.ready();
    let smallest: number[] | undefined;
    for (const [field, value] of conditions) {
      const slots = this.indexes.get(field)?.get(value)?.slots ?? [];
      if (!smallest || slots.length < smallest.length) smallest = slots;
    }
    return smallest ?? [];
  }

  private matches(record: AnyRecord | undefined, conditions: Conditions): record is AnyRecord {
    return record !== undefined && conditions.every(([field, value]) => record[field] === value);
  }

  /** Matching records in creation order (or newest first), starting after `afterSlot`. */
  private *scan(
    conditions: Conditions,
    order: 'asc' | 'desc',
    afterSlot: number | undefined,
  ): Generator<AnyRecord> {
    const candidates = this.candidates(conditions);
    const step = order === 'asc' ? 1 : -1;
    if (candidates === null) {
      let slot = afterSlot === undefined ? (order === 'asc' ? 0 : this.slots.length - 1) : afterSlot + step;
      for (; slot >= 0 && slot < this.slots.length; slot += step) {
        const record = this.slots[slot];
        if (record !== undefined) yield record;
      }
      return;
    }
    let position: number;
    if (afterSlot === undefined) position = order === 'asc' ? 0 : candidates.length - 1;
    else position = order === 'asc' ? firstAbove(candidates, afterSlot) : lastBelow(candidates, afterSlot);
    for (; position >= 0 && position < candidates.length; position += step) {
      const record = this.slots[candidates[position] as number];
      if (this.matches(record, conditions)) yield record;
    }
  }

  /** Every matching record in creation order, frozen. */
  all(where?: Record<string, string | undefined>): AnyRecord[] {
    const found: AnyRecord[] = [];
    for (const record of this.scan(this.conditions(where), 'asc', undefined)) found.push(handOut(record));
    return found;
  }

  /**
   * At most `limit` matching records whose `field` is below `below`, lowest first (then oldest), or
   * highest first (then by id, highest first):
   * looks through the records of the where (in memory, nothing copied) and hands out only those.
   */
  below(
    where: Record<string, string | undefined>,
    field: string,
    below: string,
    limit: number,
    options: { orEqual?: boolean; belowId?: string; order?: 'asc' | 'desc' } = {},
  ): AnyRecord[] {
    const records = this.scan(this.conditions(where), options.order ?? 'asc', undefined);
    return lowestBelow(records, field, below, limit, options).map((record) => handOut(record));
  }

  /** Ids of every matching record (for deleteWhere). */
  matchingIds(where: Record<string, string | undefined>): string[] {
    const ids: string[] = [];
    for (const record of this.scan(this.conditions(where), 'asc', undefined)) ids.push(record.id);
    return ids;
  }

  findOne(where: Record<string, string | undefined>): AnyRecord | undefined {
    for (const record of this.scan(this.conditions(where), 'asc', undefined)) return handOut(record);
    return undefined;
  }

  count(where?: Record<string, string | undefined>): number {
    const conditions = this.conditions(where);
    if (conditions.length === 0) return this.size;
    this.ready();
    if (conditions.length === 1) {
      const [field, value] = conditions[0] as [string, string];
      return this.indexes.get(field)?.get(value)?.live ?? 0;
    }
    let count = 0;
    for (const _record of this.scan(conditions, 'asc', undefined)) count += 1;
    return count;
  }

  /**
   * One page: the cursor (the id of the last record of the previous page) is
   * found in O(log n); the page continues after its place in creation order,
   * whatever was deleted or changed meanwhile.
   */
  list(
    where: Record<string, string | undefined> | undefined,
    limit: number,
    cursor: string | null | undefined,
    order: 'asc' | 'desc',
  ): Page<Collections[CollectionName]> {
    let afterSlot: number | undefined;
    if (cursor) {
      this.ready();
      afterSlot = this.slotOf.get(cursor);
      if (afterSlot === undefined) throw invalidRequest('cursor', 'is not a cursor of this list');
    }
    const items: AnyRecord[] = [];
    let hasMore = false;
    for (const record of this.scan(this.conditions(where), order, afterSlot)) {
      if (items.length === limit) {
        hasMore = true;
        break;
      }
      items.push(handOut(record));
    }
    return {
      items: items as unknown as Collections[CollectionName][],
      nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null,
    };
  }
}

function handOut(record: AnyRecord): AnyRecord;
function handOut(record: AnyRecord | undefined): AnyRecord | undefined;
function handOut(record: AnyRecord | undefined): AnyRecord | undefined {
  if (record !== undefined && !Object.isFrozen(record)) deepFreeze(record);
  return record;
}
