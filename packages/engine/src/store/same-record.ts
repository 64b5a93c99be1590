/**
 * Whether two records are equal as JSON: the same keys (a key whose value is `undefined` counts as
 * absent, as JSON drops it) and equal values, whatever the key order. For `expect` guards.
 */
export function sameRecord(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((value, index) => sameRecord(value, right[index]));
  }
  const leftEntries = definedEntries(left as Record<string, unknown>);
  const rightObject = right as Record<string, unknown>;
  if (leftEntries.length !== definedEntries(rightObject).length) return false;
  return leftEntries.every(([key, value]) => sameRecord(value, rightObject[key]));
}

function definedEntries(record: Record<string, unknown>): [string, unknown][] {
  return Object.entries(record).filter((entry) => entry[1] !== undefined);
}
