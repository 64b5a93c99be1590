import { getHeapStatistics } from 'node:v8';

export interface HeapReading {
  usedBytes: number;
  limitBytes: number;
  /** `usedBytes / limitBytes`. */
  fraction: number;
}

export function readHeap(): HeapReading {
  const statistics = getHeapStatistics();
  return {
    usedBytes: statistics.used_heap_size,
    limitBytes: statistics.heap_size_limit,
    fraction: statistics.used_heap_size / statistics.heap_size_limit,
  };
}

const mebibyte = 1024 * 1024;

/** The warning given when the records held in memory come near the heap limit, naming the way out. */
export function heapWarning(heap: HeapReading, records: number, threshold: number): string {
  return (
    `The embedded store holds ${records.toLocaleString('en-US')} records in memory and the heap is ` +
    `${Math.round(heap.fraction * 100)}% full (${Math.round(heap.usedBytes / mebibyte)} of ` +
    `${Math.round(heap.limitBytes / mebibyte)} MiB; warning from ${Math.round(threshold * 100)}%). ` +
    'Past the limit the server stops. Move this deployment to PostgreSQL (DATABASE_URL: the scale-out store, ' +
    'see docs/architecture.md), or for a while give Node more heap (NODE_OPTIONS=--max-old-space-size=…) ' +
    'or remove old data.'
  );
}

/**
 * Watches the heap: at most once per `intervalMs`, reads it and calls `onCross`
 * when it goes over the threshold (once, until it falls clearly back under).
 */
export class HeapWatch {
  private lastCheck = 0;
  private over = false;
  warning: string | null = null;

  constructor(
    readonly threshold: number,
    private readonly onCross: (message: string, heap: HeapReading) => void,
    private readonly intervalMs = 1_000,
  ) {}

  check(records: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastCheck < this.intervalMs) return;
    this.lastCheck = now;
    const heap = readHeap();
    if (heap.fraction >= this.threshold) {
      this.warning = heapWarning(heap, records, this.threshold);
      if (!this.over) {
        this.over = true;
        this.onCross(this.warning, heap);
      }
    } else if (heap.fraction < this.threshold * 0.9) {
      this.over = false;
      this.warning = null;
    }
  }
}
