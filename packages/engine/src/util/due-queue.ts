/**
 * Ids with a due time, earliest first: a binary min-heap with the current time of
 * each id beside it. Changing or removing an id leaves its old heap entry behind,
 * skipped when it comes up (and dropped when stale entries outnumber live ones),
 * so every change costs O(log n) and taking what is due costs what is due.
 */
export class DueQueue {
  private readonly dueById = new Map<string, number>();
  private heapTimes: number[] = [];
  private heapIds: string[] = [];

  get size(): number {
    return this.dueById.size;
  }

  set(id: string, due: number): void {
    if (this.dueById.get(id) === due) return;
    this.dueById.set(id, due);
    this.push(due, id);
    if (this.heapTimes.length > 2 * this.dueById.size + 1024) this.rebuild();
  }

  delete(id: string): void {
    this.dueById.delete(id);
  }

  dueOf(id: string): number | undefined {
    return this.dueById.get(id);
  }

  /** Removes and returns the ids due at or before `now`, earliest first, at most `limit` of them. */
  takeDue(now: number, limit = Number.POSITIVE_INFINITY): string[] {
    const taken: string[] = [];
    while (this.heapTimes.length > 0 && taken.length < limit) {
      const time = this.heapTimes[0] as number;
      const id = this.heapIds[0] as string;
      if (this.dueById.get(id) !== time) {
        this.pop();
        continue;
      }
      if (time > now) break;
      this.pop();
      this.dueById.delete(id);
      taken.push(id);
    }
    return taken;
  }

  private rebuild(): void {
    const entries = [...this.dueById].sort((left, right) => left[1] - right[1]);
    this.heapTimes = entries.map((entry) => entry[1]);
    this.heapIds = entries.map((entry) => entry[0]);
  }

  private push(time: number, id: string): void {
    const times = this.heapTimes;
    const ids = this.heapIds;
    let index = times.length;
    times.push(time);
    ids.push(id);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((times[parent] as number) <= time) break;
      times[index] = times[parent] as number;
      ids[index] = ids[parent] as string;
      index = parent;
    }
    times[index] = time;
    ids[index] = id;
  }

  private pop(): void {
    const times = this.heapTimes;
    const ids = this.heapIds;
    const lastTime = times.pop() as number;
    const lastId = ids.pop() as string;
    if (times.length === 0) return;
    let index = 0;
    const length = times.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      const child = right < length && (times[right] as number) < (times[left] as number) ? right : left;
      if ((times[child] as number) >= lastTime) break;
      times[index] = times[child] as number;
      ids[index] = ids[child] as string;
      index = child;
    }
    times[index] = lastTime;
    ids[index] = lastId;
  }
}
