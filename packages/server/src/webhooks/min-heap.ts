interface Entry<T> {
  at: number;
  value: T;
}

/** A binary min-heap on a time: the earliest of many timers, without sorting them all. */
export class MinHeap<T> {
  private readonly entries: Entry<T>[] = [];

  get size(): number {
    return this.entries.length;
  }

  push(at: number, value: T): void {
    this.entries.push({ at, value });
    let index = this.entries.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.at(parent) <= at) break;
      this.swap(parent, index);
      index = parent;
    }
  }

  /** The earliest time, without removing its entry. */
  peekAt(): number | undefined {
    return this.entries[0]?.at;
  }

  pop(): Entry<T> | undefined {
    const top = this.entries[0];
    const last = this.entries.pop();
    if (!top || !last || this.entries.length === 0) return top;
    this.entries[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.entries.length && this.at(left) < this.at(smallest)) smallest = left;
      if (right < this.entries.length && this.at(right) < this.at(smallest)) smallest = right;
      if (smallest === index) return top;
      this.swap(smallest, index);
      index = smallest;
    }
  }

  private at(index: number): number {
    return (this.entries[index] as Entry<T>).at;
  }

  private swap(first: number, second: number): void {
    const held = this.entries[first] as Entry<T>;
    this.entries[first] = this.entries[second] as Entry<T>;
    this.entries[second] = held;
  }
}
