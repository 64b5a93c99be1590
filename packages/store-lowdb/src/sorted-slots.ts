/** Binary searches over ascending lists of slot numbers (an index's list for one value). */

/** The position of the first slot greater than `slot` (the list's length when none is). */
export function firstAbove(slots: readonly number[], slot: number): number {
  let low = 0;
  let high = slots.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((slots[middle] as number) <= slot) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The position of the last slot smaller than `slot` (-1 when none is). */
export function lastBelow(slots: readonly number[], slot: number): number {
  let low = 0;
  let high = slots.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((slots[middle] as number) < slot) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Adds `slot` in its place (appending, the usual case, costs nothing more). */
export function insertSorted(slots: number[], slot: number): void {
  if (slots.length === 0 || (slots[slots.length - 1] as number) < slot) {
    slots.push(slot);
    return;
  }
  const position = lastBelow(slots, slot) + 1;
  if (slots[position] !== slot) slots.splice(position, 0, slot);
}
