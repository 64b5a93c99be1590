import type { Clock } from '../util/clock.js';

/** A clock that moves only when a test moves it. */
export class FixedClock implements Clock {
  constructor(private current = Date.parse('2026-01-15T14:30:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
